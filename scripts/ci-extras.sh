#!/usr/bin/env bash
# The short CI version of fuzzing and sanitizers (issue 19, items 5 and 6); .ci/run calls it after
# scripts/test.sh.
#   1. every fuzz target of scripts/fuzz.sh for FUZZ_SECONDS (default 10) on its seed corpus;
#   2. the reader and geometry tests (DICOMIOTests, GridsTests, MasksTests) in one build
#      (.build-sanitizers): AddressSanitizer on the Swift code and the C++ shim, UndefinedBehaviorSanitizer
#      on the C++ shim. Swift 6.3 on Linux refuses `--sanitize=undefined` ("unsupported option
#      '-sanitize=undefined'"), so UBSan reaches only C/C++ code, through -Xcxx; the README says the same.
#      SANITIZE_FILTER changes the suites (a swift test --filter expression).
# Exit non-zero when a target finds a problem or a sanitized test fails. Each phase prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
SANITIZE_FILTER=${SANITIZE_FILTER:-DICOMIOTests|GridsTests|MasksTests}
start=$SECONDS

scripts/fuzz.sh --build
echo "ci-extras: fuzz build took $((SECONDS - start)) s"
s=$SECONDS
for target in $(scripts/fuzz.sh --list | cut -f1); do
    scripts/fuzz.sh "$target" "$FUZZ_SECONDS"
done
echo "ci-extras: fuzzing took $((SECONDS - s)) s"

s=$SECONDS
SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$PWD/scripts/lsan-suppressions.txt \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    swift test --sanitize=address -Xcxx -fsanitize=undefined -Xcxx -fno-sanitize-recover=undefined \
    --scratch-path .build-sanitizers --filter "$SANITIZE_FILTER"
echo "ci-extras: sanitized tests took $((SECONDS - s)) s; ci-extras took $((SECONDS - start)) s"

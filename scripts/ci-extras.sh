#!/usr/bin/env bash
# The short CI version of fuzzing and sanitizers (issue 19, items 5 and 6); .ci/run calls it after
# scripts/test.sh.
#   1. one build (.build-sanitizers, debug) of the whole package and its tests with AddressSanitizer,
#      UndefinedBehaviorSanitizer on the C++ shim and libFuzzer's coverage (`FUZZ_WITH_TESTS`, see
#      scripts/fuzz.sh): one build instead of two (a release fuzz build and a sanitized test build).
#      Swift 6.3 on Linux refuses `--sanitize=undefined` ("unsupported option '-sanitize=undefined'"),
#      so UBSan reaches only C/C++ code, through -Xcxx; the README says the same.
#   2. every fuzz target for FUZZ_SECONDS (default 10) on its seed corpus;
#   3. the reader and geometry tests (SANITIZE_FILTER, default DICOMIOTests|GridsTests|MasksTests) from
#      that build, with LeakSanitizer.
# Exit non-zero when a target finds a problem or a sanitized test fails. Each phase prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
SANITIZE_FILTER=${SANITIZE_FILTER:-DICOMIOTests|GridsTests|MasksTests}
export FUZZ_WITH_TESTS=.build-sanitizers
start=$SECONDS

scripts/fuzz.sh --build
echo "ci-extras: sanitized build (tests + fuzz executable) took $((SECONDS - start)) s"
s=$SECONDS
for target in $(scripts/fuzz.sh --list | cut -f1); do
    scripts/fuzz.sh "$target" "$FUZZ_SECONDS"
done
echo "ci-extras: fuzzing took $((SECONDS - s)) s"

s=$SECONDS
SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$PWD/scripts/lsan-suppressions.txt \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    swift test --skip-build --scratch-path "$FUZZ_WITH_TESTS" --filter "$SANITIZE_FILTER"
echo "ci-extras: sanitized tests took $((SECONDS - s)) s; ci-extras took $((SECONDS - start)) s"

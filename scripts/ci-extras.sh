#!/usr/bin/env bash
# The short CI version of fuzzing and sanitizers (issue 19, items 5 and 6); .ci/run calls it after
# scripts/test.sh.
#   1. every fuzz target of scripts/fuzz.sh for FUZZ_SECONDS (default 20) on its seed corpus;
#   2. the reader and geometry tests (DICOMIOTests, GridsTests, MasksTests) under AddressSanitizer and
#      UndefinedBehaviorSanitizer together, in one build (.build-sanitizers); the README gives the
#      separate runs (.build-asan, .build-ubsan).
# Exit non-zero when a target finds a problem or a sanitized test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
start=$SECONDS

scripts/fuzz.sh --build
for target in $(scripts/fuzz.sh --list | cut -f1); do
    scripts/fuzz.sh "$target" "$FUZZ_SECONDS"
done
echo "ci-extras: fuzzing took $((SECONDS - start)) s"

s=$SECONDS
SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$PWD/scripts/lsan-suppressions.txt UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    swift test --sanitize=address --sanitize=undefined --scratch-path .build-sanitizers \
    --filter 'DICOMIOTests|GridsTests|MasksTests'
echo "ci-extras: sanitized tests took $((SECONDS - s)) s; ci-extras took $((SECONDS - start)) s"

#!/usr/bin/env bash
# The README's test command: installs what is missing, then runs the whole test suite.
# The tests remove every file they make; SwiftPM itself leaves TemporaryDirectory.* folders and lock
# files in the temporary folder on every run, so the suite runs with a private TMPDIR that is removed
# afterwards: a run leaves the system temporary folder as it found it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
private_tmp=$(mktemp -d "${TMPDIR:-/tmp}/dosesum-test-run.XXXXXX")
trap 'rm -rf "$private_tmp"' EXIT
TMPDIR="$private_tmp" swift test "$@"

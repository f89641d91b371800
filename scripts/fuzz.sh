#!/usr/bin/env bash
# libFuzzer targets of DoseSum (issue 19, item 5).
#
#   scripts/fuzz.sh --list              the targets
#   scripts/fuzz.sh TARGET SECONDS      fuzz TARGET for SECONDS (one job, one core)
#   scripts/fuzz.sh --build             only build the fuzz executable
#
# The executable (target DoseSumFuzz, Fuzz/Sources) is built in .build-fuzz, in release mode, with
# AddressSanitizer and libFuzzer's coverage (inline 8-bit counters, comparison tracing) on every Swift
# module and on the C++ shim, and linked with libFuzzer's driver (clang_rt.fuzzer_no_main). The seed
# corpus is copied at run time into .build-fuzz/corpus/TARGET from Fixtures/demo, Fixtures/batch, the
# shipped constraint sets, small synthetic files the executable writes (a REG among them), and, when
# present, ../shared/data/fuzz-repro and the small files of ../shared/data/public (never committed).
# New inputs libFuzzer finds stay in that corpus (so later runs resume); crashes are written to
# .build-fuzz/artifacts/TARGET/ and the script exits non-zero. Replay one with the plain build:
#   swift build --product DoseSumFuzz && .build/debug/DoseSumFuzz TARGET FILE
# Environment: FUZZ_JOBS_LOG (file to append the libFuzzer summary line to), FUZZ_EXTRA (more libFuzzer flags).
# FUZZ_WITH_TESTS=DIR (scripts/ci-extras.sh): build instead in DIR, in debug mode, the whole package with its
# tests under AddressSanitizer (UndefinedBehaviorSanitizer on the C++ shim) and the same coverage, so
# one build serves both the short fuzz runs and `swift test --skip-build --scratch-path DIR`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=$ROOT/.build-fuzz CONFIG=release
[[ -n ${FUZZ_WITH_TESTS:-} ]] && SCRATCH=$ROOT/$FUZZ_WITH_TESTS CONFIG=debug
SHARED=$ROOT/../shared/data

build() {
    scripts/ensure-deps.sh >/dev/null
    local toolchain rt
    toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")
    rt=$(find "$toolchain/lib/clang" -name 'libclang_rt.fuzzer_no_main-x86_64.a' 2>/dev/null | head -1)
    [[ -n $rt ]] || { echo "fuzz.sh: libclang_rt.fuzzer_no_main not found under $toolchain/lib/clang" >&2; exit 2; }
    local cov=edge,inline-8bit-counters,pc-table,trace-cmp
    local -a what=(--product DoseSumFuzz -Xswiftc -sanitize=address -Xcxx -fsanitize=address)
    [[ -n ${FUZZ_WITH_TESTS:-} ]] && what=(--build-tests --sanitize=address -Xcxx -fsanitize=undefined -Xcxx -fno-sanitize-recover=undefined)
    swift build -c "$CONFIG" --scratch-path "$SCRATCH" "${what[@]}" \
        -Xswiftc -sanitize-coverage=$cov -Xswiftc -DDOSESUM_LIBFUZZER \
        -Xcxx -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp \
        -Xlinker "$rt" -Xlinker -lstdc++ >&2
}
BIN=$SCRATCH/$CONFIG/DoseSumFuzz

targets() { "$BIN" --list; }

# seeds TARGET DIR: copies the seed files for TARGET into DIR.
seeds() {
    local target=$1 dir=$2 tmp
    mkdir -p "$dir"
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
    "$BIN" --write-seeds "$tmp" >/dev/null
    local -a files=()
    case $target in
        dicom-dose) files=("$tmp"/seed_rtdose.dcm Fixtures/demo/*rtdose*.dcm "$SHARED"/fuzz-repro/rd_*.dcm);
                    files+=($(find "$SHARED/public" -size -1100k \( -iname 'rd*.dcm' -o -iname 'rtdose*.dcm' \) 2>/dev/null)) ;;
        dicom-structures) files=("$tmp"/seed_rtstruct.dcm Fixtures/demo/rtstruct.dcm "$SHARED"/fuzz-repro/rs_*.dcm);
                    files+=($(find "$SHARED/public" -size -1100k \( -iname 'rs*.dcm' -o -iname 'rtstruct*.dcm' -o -iname 'rtss*.dcm' \) 2>/dev/null)) ;;
        dicom-plan) files=("$tmp"/seed_rtplan.dcm Fixtures/demo/*rtplan*.dcm);
                    files+=($(find "$SHARED/public" -size -1100k \( -iname 'rp*.dcm' -o -iname 'rtplan*.dcm' \) 2>/dev/null)) ;;
        dicom-registration) files=("$tmp"/seed_reg.dcm "$tmp"/seed_rtplan.dcm) ;;
        contours) files=("$tmp"/*.contours) ;;
        constraints) files=(Sources/Constraints/Protocols/*.yaml) ;;
        manifest-csv) files=(Fixtures/batch/*.csv "$SHARED"/fuzz-repro/*.csv) ;;
        manifest-yaml) files=(Fixtures/batch/*.yaml "$SHARED"/fuzz-repro/*.yaml) ;;
        *) echo "fuzz.sh: unknown target '$target' (see --list)" >&2; exit 2 ;;
    esac
    local f
    for f in "${files[@]}"; do [[ -f $f ]] && cp "$f" "$dir/seed-$(basename "$f")"; done
    return 0
}

case "${1:-}" in
    --list) [[ -x $BIN ]] || build; targets; exit 0 ;;
    --build) build; exit 0 ;;
    ""|-h|--help) sed -n '2,8p' "$0"; exit 0 ;;
esac
TARGET=$1 SECONDS_TO_RUN=${2:-60}
[[ $SECONDS_TO_RUN =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, got '$SECONDS_TO_RUN'" >&2; exit 2; }
[[ -x $BIN ]] || build
targets | cut -f1 | grep -qx "$TARGET" || { echo "fuzz.sh: unknown target '$TARGET'; targets: $(targets | cut -f1 | tr '\n' ' ')" >&2; exit 2; }

CORPUS=$SCRATCH/corpus/$TARGET ARTIFACTS=$SCRATCH/artifacts/$TARGET
mkdir -p "$CORPUS" "$ARTIFACTS"
seeds "$TARGET" "$CORPUS"
LOG=$SCRATCH/logs/$TARGET-$(date +%Y%m%dT%H%M%S).log
mkdir -p "$(dirname "$LOG")"
echo "fuzz.sh: $TARGET for ${SECONDS_TO_RUN}s, corpus $CORPUS ($(ls "$CORPUS" | wc -l) inputs), log $LOG" >&2
set +e
# Leak detection is off: DCMTK's dictionary and the Swift runtime keep process-lifetime allocations.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 DOSESUM_FUZZ_TARGET=$TARGET \
    "$BIN" "$CORPUS" -max_total_time="$SECONDS_TO_RUN" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$ARTIFACTS/" ${FUZZ_EXTRA:-} >"$LOG" 2>&1
status=$?
set -e
summary=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$LOG" | tail -1)
execs=$(grep -E 'stat::number_of_executed_units' "$LOG" | awk '{print $2}')
rate=$(grep -E 'stat::average_exec_per_sec' "$LOG" | awk '{print $2}')
line="$TARGET ${SECONDS_TO_RUN}s status=$status execs=${execs:-?} exec/s=${rate:-?} last: $summary"
echo "$line"
[[ -n ${FUZZ_JOBS_LOG:-} ]] && echo "$(date -u +%FT%TZ) $line" >>"$FUZZ_JOBS_LOG"
if [[ $status -ne 0 ]]; then
    echo "fuzz.sh: $TARGET found a problem; see $LOG and $ARTIFACTS" >&2
    grep -E 'ERROR|Fatal error|SUMMARY|Test unit written' "$LOG" | head -5 >&2
fi
exit $status

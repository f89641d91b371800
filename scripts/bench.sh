#!/usr/bin/env bash
# Benchmarks DoseSum stage by stage and end to end, then runs the peer tools side by side on the same
# synthetic cases (release build; medians). Not part of the test suite.
#
#   scripts/bench.sh [--cases small,clinical[,large]] [--reps 3] [--no-peers]
#
# Generates the cases with ../shared/peers/gen_cases.py into $DOSESUM_BENCH_CASES (default
# /tmp/peer-cases) when missing, installs the peers (Debian plastimatch, PyPI dicompyler-core,
# SimpleITK) when missing, and prints: the stage benchmarks, the peers table (time, memory, error
# against the grid-interpolant reference), and DoseSum's 1-core vs 2-core speed-up.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=small,clinical
REPS=3
PEERS=1
while [ $# -gt 0 ]; do
    case "$1" in
        --cases) CASES=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --no-peers) PEERS=0; shift ;;
        *) echo "usage: $0 [--cases small,clinical,large] [--reps N] [--no-peers]" >&2; exit 2 ;;
    esac
done
export DOSESUM_BENCH_CASES=${DOSESUM_BENCH_CASES:-/tmp/peer-cases}
PEERDIR=$(cd .. && pwd)/shared/peers
[ -d "$PEERDIR" ] || { echo "bench: ../shared/peers not found; it holds the case generator and peer drivers" >&2; exit 2; }

scripts/ensure-deps.sh
if [ "$PEERS" = 1 ]; then
    command -v plastimatch >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq plastimatch time >/dev/null
    python3 -c "import dicompylercore, SimpleITK, skimage, scipy" 2>/dev/null \
        || python3 -m pip install -q "dicompyler-core==0.5.6" "pydicom<3" scikit-image SimpleITK numpy scipy matplotlib
fi
python3 -c "import skimage, scipy, pydicom" 2>/dev/null || python3 -m pip install -q "pydicom<3" scikit-image numpy scipy
for c in ${CASES//,/ }; do
    if [ ! -f "$DOSESUM_BENCH_CASES/$c/case.json" ]; then
        python3 "$PEERDIR/gen_cases.py" --out-dir "$DOSESUM_BENCH_CASES" --cases "$c"
    fi
    [ -f "$DOSESUM_BENCH_CASES/$c/reference_grid.json" ] || python3 "$PEERDIR/reference.py" "$DOSESUM_BENCH_CASES/$c" --dose-source grid
done

swift build -c release >&2
echo "== DoseSum stage benchmarks (release, median of 5 after 1 warm-up)"
.build/release/DoseSumBenchmarks --columns name,median,iterations

echo "== DoseSum check: 1 core vs 2 cores (median of $REPS)"
for c in ${CASES//,/ }; do
    d="$DOSESUM_BENCH_CASES/$c"
    args=$(python3 - "$d" <<'PY'
import json, sys
d = sys.argv[1]; c = json.load(open(d + "/case.json"))
a = ["check", "--course1-dose", d + "/dose_course1.dcm", "--course1-fractions", str(c["fractions"]["course1"]),
     "--course2-dose", d + "/dose_course2.dcm", "--course2-fractions", str(c["fractions"]["course2"]),
     "--structures", d + "/rtstruct.dcm"]
for k, v in c["alpha_beta"].items(): a += ["--alpha-beta", "%s=%g" % (k, v)]
print(" ".join(a))
PY
)
    for cores in 0 0-1; do
        times=()
        for _ in $(seq "$REPS"); do
            s=$(date +%s.%N); taskset -c $cores .build/release/dosesum $args >/dev/null || true; e=$(date +%s.%N)
            times+=("$(echo "$e - $s" | bc)")
        done
        med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (REPS + 1) / 2 ))p")
        echo "$c cores=$cores median ${med}s"
    done
done

if [ "$PEERS" = 1 ]; then
    echo "== Side by side with the peers (median of $REPS, error against reference_grid.json)"
    DOSESUM=$PWD/.build/release/dosesum python3 "$PEERDIR/run_peers.py" --cases-dir "$DOSESUM_BENCH_CASES" --cases "$CASES" \
        --reps "$REPS" --variants sitk,plastimatch,dicompyler,dosesum --reference grid --out-dir /tmp/dosesum-peer-runs
fi

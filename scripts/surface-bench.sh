#!/usr/bin/env bash
# `check --surface smooth` against `--surface slab` on a peer case (default: clinical), release build,
# interleaved runs, medians of wall and CPU (user + sys) seconds. Not part of the test suite.
#
#   scripts/surface-bench.sh [--case clinical] [--reps 15]
#
# Generates the case with ../shared/peers/gen_cases.py into $DOSESUM_BENCH_CASES (default
# /tmp/peer-cases) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CASE=clinical
REPS=15
while [ $# -gt 0 ]; do
    case "$1" in
        --case) CASE=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        *) echo "usage: $0 [--case clinical] [--reps N]" >&2; exit 2 ;;
    esac
done
CASES=${DOSESUM_BENCH_CASES:-/tmp/peer-cases}
PEERDIR=$(cd .. && pwd)/shared/peers
if [ ! -f "$CASES/$CASE/case.json" ]; then
    [ -d "$PEERDIR" ] || { echo "surface-bench: ../shared/peers not found (it holds the case generator)" >&2; exit 2; }
    python3 "$PEERDIR/gen_cases.py" --out-dir "$CASES" --cases "$CASE"
fi
swift build -c release --product dosesum >/dev/null
EXE=.build/release/dosesum
D=$CASES/$CASE
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 - "$EXE" "$D" "$OUT" "$REPS" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
exe, d, out, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
case = json.load(open(os.path.join(d, "case.json")))
fx = case["fractions"]
base = [exe, "check", "--course1-dose", os.path.join(d, "dose_course1.dcm"), "--course1-fractions", str(fx["course1"]),
        "--course2-dose", os.path.join(d, "dose_course2.dcm"), "--course2-fractions", str(fx["course2"]),
        "--structures", os.path.join(d, "rtstruct.dcm"), "--force"]
for roi, ab in case.get("alpha_beta", {}).items():
    base += ["--alpha-beta", f"{roi}={ab}"]
times = {"slab": [], "smooth": []}
for r in range(reps):
    for model in ("slab", "smooth"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(base + ["--surface", model, "--json", os.path.join(out, model + ".json")], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode not in (0, 1, 3):
            sys.exit(f"check --surface {model} failed ({p.returncode}): {p.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times[model].append((wall, cpu))
med = {m: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for m, t in times.items()}
print(f"{os.path.basename(d)}: median of {reps} interleaved runs")
for m in ("slab", "smooth"):
    print(f"  --surface {m:6}  wall {med[m][0]:.3f} s  CPU {med[m][1]:.3f} s")
print(f"  smooth / slab: wall {med['smooth'][0] / med['slab'][0]:.2f}x, CPU {med['smooth'][1] / med['slab'][1]:.2f}x")
PY

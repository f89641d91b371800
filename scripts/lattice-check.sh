#!/usr/bin/env bash
# Issue 18 item 5 on the peer cases: each ROI's course-1 and course-2 D0.03cc, Dmax and volume must
# agree within 0.05 Gy and 0.1 % across check --grid course1, course2, auto, 1, 2, 3 and with the
# physical D0.03cc/Dmax/volume of `metrics` on each course's dose (converted to EQD2).
#
#   scripts/lattice-check.sh [--cases small,clinical] [--binary .build/release/dosesum]
#
# Skips (exit 0, reason printed) when ../shared/peers is absent, unless DOSESUM_REQUIRE_SHARED=1.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=small,clinical
BIN=.build/release/dosesum
while [ $# -gt 0 ]; do
    case "$1" in
        --cases) CASES=$2; shift 2 ;;
        --binary) BIN=$2; shift 2 ;;
        *) echo "usage: $0 [--cases small,clinical,large] [--binary PATH]" >&2; exit 2 ;;
    esac
done
PEERDIR=$(cd .. && pwd)/shared/peers
if [ ! -f "$PEERDIR/gen_cases.py" ]; then
    if [ "${DOSESUM_REQUIRE_SHARED:-0}" = 1 ]; then echo "lattice-check: $PEERDIR/gen_cases.py not found and DOSESUM_REQUIRE_SHARED=1" >&2; exit 1; fi
    echo "lattice-check: skipped: $PEERDIR not found (it holds the peer case generator)"; exit 0
fi
[ -x "$BIN" ] || swift build -c release --product dosesum >&2
export DOSESUM_BENCH_CASES=${DOSESUM_BENCH_CASES:-/tmp/peer-cases}
python3 -c "import pydicom, numpy" 2>/dev/null || python3 -m pip install -q "pydicom<3" numpy
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for c in ${CASES//,/ }; do
    d="$DOSESUM_BENCH_CASES/$c"
    [ -f "$d/case.json" ] || python3 "$PEERDIR/gen_cases.py" --out-dir "$DOSESUM_BENCH_CASES" --cases "$c" >&2
    args=$(python3 scripts/peer_case_args.py "$d")
    for g in course1 course2 auto 1 2 3; do
        # shellcheck disable=SC2086
        rc=0; "$BIN" check $args --grid "$g" --json "$out/$c-check-$g.json" --force >/dev/null || rc=$?
        [ -f "$out/$c-check-$g.json" ] || { echo "lattice-check: check --grid $g on $c failed (exit $rc)" >&2; exit 1; }
    done
    for n in 1 2; do
        "$BIN" metrics --dose "$d/dose_course$n.dcm" --structures "$d/rtstruct.dcm" --metric D0.03cc --metric Dmax --metric volume \
            --json > "$out/$c-metrics-$n.json"
    done
    python3 - "$out" "$c" "$d" <<'PY'
import json, sys, glob
out, case, d = sys.argv[1:4]
info = json.load(open(d + "/case.json"))
fr = info["fractions"]
checks = {f.split("-check-")[1][:-5]: {r["name"]: r for r in json.load(open(f))["rois"]} for f in glob.glob("%s/%s-check-*.json" % (out, case))}
bad = 0; worst = 0.0; worst_v = 0.0
def eqd2(d, n, ab): return d * (d / n + ab) / (2 + ab)
for course, n in (("course1", 1), ("course2", 2)):
    m = json.load(open("%s/%s-metrics-%d.json" % (out, case, n)))
    mrois = {r["name"]: r for r in m["rois"]}
    for name, r0 in checks["auto"].items():
        ab = r0["alpha_beta_gy"]
        for metric in ("D0.03cc", "Dmax"):
            vals = {g: checks[g][name][course][metric] for g in checks}
            phys = mrois[name]["metrics"][metric]
            vals["metrics"] = eqd2(phys, fr[course], ab)
            spread = max(vals.values()) - min(vals.values())
            worst = max(worst, spread)
            if spread > 0.05:
                bad += 1; print("FAIL %s %s %s %s spread %.3f Gy: %s" % (case, name, course, metric, spread, vals))
        vols = [checks[g][name]["volume_cc"] for g in checks] + [mrois[name]["volume_cc"]]
        rel = (max(vols) - min(vols)) / max(vols)
        worst_v = max(worst_v, rel)
        if rel > 0.001:
            bad += 1; print("FAIL %s %s volume spread %.4f %%: %s" % (case, name, 100 * rel, vols))
print("%s: %d ROIs, grids %s + metrics: worst dose spread %.4f Gy, worst volume spread %.5f %%" % (
    case, len(checks["auto"]), ",".join(sorted(checks)), worst, 100 * worst_v))
sys.exit(1 if bad else 0)
PY
done
echo "lattice-check: passed"

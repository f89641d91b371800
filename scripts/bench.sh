#!/usr/bin/env bash
# Benchmarks DoseSum stage by stage and end to end, then runs the peer tools side by side on the same
# synthetic cases (release build; medians). Not part of the test suite.
#
#   scripts/bench.sh [--cases small,clinical,large] [--reps 3] [--no-peers] [--no-stages]
#
# Generates the cases with ../shared/peers/gen_cases.py into $DOSESUM_BENCH_CASES (default
# /tmp/peer-cases) when missing, installs the peers (Debian plastimatch, PyPI dicompyler-core,
# SimpleITK) when missing, and prints: the stage benchmarks, the peers table (time, memory, error
# against the grid-interpolant reference), and DoseSum's 1-core vs 2-core speed-up.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=small,clinical,large
REPS=3
PEERS=1
STAGES=1
while [ $# -gt 0 ]; do
    case "$1" in
        --cases) CASES=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --no-peers) PEERS=0; shift ;;
        --no-stages) STAGES=0; shift ;;
        *) echo "usage: $0 [--cases small,clinical,large] [--reps N] [--no-peers] [--no-stages]" >&2; exit 2 ;;
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

# as scripts/demo.sh builds it; product by product (a release build of every target reaches the test
# support target, which needs the Testing module only test builds have)
swift build -c release --static-swift-stdlib --product dosesum >&2
[ "$STAGES" = 1 ] && swift build -c release --static-swift-stdlib --product DoseSumBenchmarks >&2
if [ "$STAGES" = 1 ]; then
    echo "== DoseSum stage benchmarks (release, median of 5 after 1 warm-up)"
    .build/release/DoseSumBenchmarks --columns name,median,iterations
fi

# DoseSum loads DCMTK's public dictionary only (see the shim's configure()); "DCMTK alone" is timed
# both that way and with DCMTK's default dictionaries (public + private.dic), as any DCMTK program has.
FULLDICT=$(sed -n 's/^#define DCM_DICT_DEFAULT_PATH "\(.*\)"/\1/p' /usr/include/dcmtk/config/osconfig.h)
echo "== Process wall times, median of $REPS: DCMTK alone (public dictionary / DCMTK's default dictionaries), check and export on 1 and 2 cores"
printf '%-9s %-6s %10s %10s %10s %10s %12s %12s\n' case cores dcmtk_s dcmtk_def_s check_s export_s check/dcmtk check/def
median() { sort -n | sed -n "$(( (REPS + 1) / 2 ))p"; }
timeit() {  # prints the wall seconds of one run of "$@"
    local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc
}
for c in ${CASES//,/ }; do
    d="$DOSESUM_BENCH_CASES/$c"
    args=$(python3 scripts/peer_case_args.py "$d")
    out=$(mktemp -d)
    for cores in 0 0-1; do
        dc=(); dd=(); ck=(); ex=()
        # One tool at a time (export writes hundreds of MB on large, whose write-back would slow the next runs).
        for _ in $(seq "$REPS"); do
            dc+=("$(timeit taskset -c $cores .build/release/dosesum dcmtk-load "$d/dose_course1.dcm" "$d/dose_course2.dcm" "$d/rtstruct.dcm")")
            dd+=("$(DCMDICTPATH=$FULLDICT timeit taskset -c $cores .build/release/dosesum dcmtk-load "$d/dose_course1.dcm" "$d/dose_course2.dcm" "$d/rtstruct.dcm")")
        done
        for _ in $(seq "$REPS"); do
            ck+=("$(timeit taskset -c $cores .build/release/dosesum check $args --json "$out/check.json" --force)")
        done
        for _ in $(seq "$REPS"); do
            ex+=("$(timeit taskset -c $cores .build/release/dosesum export $args --default-alpha-beta 2 --output "$out/composite.dcm" --force)")
        done
        sync
        dm=$(printf '%s\n' "${dc[@]}" | median); ddm=$(printf '%s\n' "${dd[@]}" | median)
        cm=$(printf '%s\n' "${ck[@]}" | median); em=$(printf '%s\n' "${ex[@]}" | median)
        printf '%-9s %-6s %10.3f %10.3f %10.3f %10.3f %12.2f %12.2f\n' "$c" "$([ $cores = 0 ] && echo 1 || echo 2)" "$dm" "$ddm" "$cm" "$em" \
            "$(echo "$cm / $dm" | bc -l)" "$(echo "$cm / $ddm" | bc -l)"
    done
    rm -rf "$out"
done

# Uncertainty bands (issue 16): check with the default registration scenarios against
# --setup-uncertainty none, wall time and peak memory (GNU time's maximum RSS) of DoseSum's own
# process, 2 cores; the floor is at most 1.5x the time and 1.2x the memory.
command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
echo "== check with default scenarios (2mm,1deg) vs --setup-uncertainty none, median of $REPS (wall s, max RSS MB; cpu_x: user+system CPU ratio)"
printf '%-9s %10s %10s %10s %10s %8s %8s %8s\n' case none_s none_mb bands_s bands_mb time_x mem_x cpu_x
for c in ${CASES//,/ }; do
    d="$DOSESUM_BENCH_CASES/$c"
    args=$(python3 scripts/peer_case_args.py "$d")
    out=$(mktemp -d)
    for mode in none 2mm,1deg; do
        : > "$out/$mode.runs"
        for _ in $(seq "$REPS"); do
            /usr/bin/time -f '%e %M %U %S' -o "$out/t" .build/release/dosesum check $args --setup-uncertainty "$mode" --json "$out/c.json" --force >/dev/null 2>&1 || true
            tail -1 "$out/t" >> "$out/$mode.runs"  # (GNU time first notes a non-zero exit, e.g. 3 = incomplete)
        done
    done
    python3 - "$c" "$out/none.runs" "$out/2mm,1deg.runs" <<'PY'
import statistics, sys
# wall s, max RSS MB, and CPU s (user + system: what the process itself used, less sensitive to a loaded machine)
def read(p):
    rows = [l.split() for l in open(p) if l.strip()]
    return (statistics.median(float(r[0]) for r in rows), statistics.median(float(r[1]) for r in rows) / 1024,
            statistics.median(float(r[2]) + float(r[3]) for r in rows))
(t0, m0, c0), (t1, m1, c1) = read(sys.argv[2]), read(sys.argv[3])
print("%-9s %10.3f %10.0f %10.3f %10.0f %8.2f %8.2f %8.2f" % (sys.argv[1], t0, m0, t1, m1, t1 / t0, m1 / m0, c1 / c0))
PY
    rm -rf "$out"
done

# More than two courses (issue 17): check on the case's two courses against three (course 1, a copy
# of course 1's file as a second course, then course 2), both without bands (bands are two-course
# only), 2 cores; the floor is at most 1.5x the two-course time.
echo "== check with two vs three courses (--setup-uncertainty none), median of $REPS (wall s)"
printf '%-9s %10s %10s %8s\n' case two_s three_s time_x
for c in ${CASES//,/ }; do
    d="$DOSESUM_BENCH_CASES/$c"
    out=$(mktemp -d)
    cp "$d/dose_course1.dcm" "$out/dose_course1_again.dcm"
    read -r f1 f2 ab <<<"$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]+"/case.json")); print(c["fractions"]["course1"], c["fractions"]["course2"], " ".join("--alpha-beta %s=%g" % kv for kv in c["alpha_beta"].items()))' "$d")"
    two=(); three=()
    for _ in $(seq "$REPS"); do
        two+=("$(timeit .build/release/dosesum check --course "$d/dose_course1.dcm,fractions=$f1" --course "$d/dose_course2.dcm,fractions=$f2" \
                 --structures "$d/rtstruct.dcm" $ab --setup-uncertainty none --json "$out/c2.json" --force)")
        three+=("$(timeit .build/release/dosesum check --course "$d/dose_course1.dcm,fractions=$f1" --course "$out/dose_course1_again.dcm,fractions=$f1" \
                   --course "$d/dose_course2.dcm,fractions=$f2" --structures "$d/rtstruct.dcm" $ab --setup-uncertainty none --json "$out/c3.json" --force)")
    done
    t2=$(printf '%s\n' "${two[@]}" | median); t3=$(printf '%s\n' "${three[@]}" | median)
    printf '%-9s %10.3f %10.3f %8.2f\n' "$c" "$t2" "$t3" "$(echo "$t3 / $t2" | bc -l)"
    rm -rf "$out"
done

if [ "$PEERS" = 1 ]; then
    echo "== Side by side with the peers (median of $REPS, error against reference_grid.json)"
    DOSESUM=$PWD/.build/release/dosesum python3 "$PEERDIR/run_peers.py" --cases-dir "$DOSESUM_BENCH_CASES" --cases "$CASES" \
        --reps "$REPS" --variants sitk,plastimatch,dicompyler,dosesum --reference grid --out-dir /tmp/dosesum-peer-runs
    echo "== Ratios from that run (the peers' wall times include their Python driver, DoseSum's too)"
    python3 - /tmp/dosesum-peer-runs/summary.json <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))["runs"]
def med(r, key):
    v = r.get(key + "_median")
    if v is None and r.get(key + "s"): v = statistics.median(r[key + "s"])
    return v
cases = sorted({k.split("/")[0] for k in runs}, key=lambda c: ["small", "clinical", "large"].index(c) if c in ["small", "clinical", "large"] else 9)
for c in cases:
    ds = runs.get(c + "/dosesum")
    peers = {k.split("/")[1]: v for k, v in runs.items() if k.startswith(c + "/") and not k.endswith("/dosesum")}
    if not ds or not peers: continue
    t, m = med(ds, "wall"), med(ds, "rss")
    if t is None or m is None:
        # the shared driver accepts exit 0 or 1 only: a check that is `incomplete` (exit 3) counts as failed there
        print("%-9s DoseSum: no successful run through the peers' driver (see its exit status above); the table above times it directly" % c)
        continue
    fastest = min(peers.items(), key=lambda kv: med(kv[1], "wall") or 1e9)
    ft, fm = med(fastest[1], "wall"), med(fastest[1], "rss")
    print("%-9s DoseSum %.2f s %4.0f MB | fastest peer %s %.2f s %4.0f MB | %.1fx faster, memory %.2fx" % (c, t, m, fastest[0], ft, fm, ft / t, m / fm))
PY
fi

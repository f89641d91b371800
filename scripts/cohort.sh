#!/usr/bin/env bash
# A cohort-sized batch (issue 19, item 7): builds manifests of synthetic patients from the demo case,
# with 1 % broken inputs, runs `dosesum batch` with --jobs 1 and 2, and reports patients per second
# and peak memory (/usr/bin/time -v, Maximum resident set size) at each size, checks that the error
# rows are exactly the broken patients, and that a run interrupted by SIGINT and re-run with the same
# command finishes the rest without re-checking (the reused patients are marked skipped).
#
#   scripts/cohort.sh [--sizes "200 2000"] [--keep]
#
# Every patient reuses the demo files (`dosesum make-demo-fixture`, written into a temporary folder)
# and varies what a clinic varies: course-2 fractions from the plan or as a number (25, 30, 33, 35),
# course-1 fractions from the plan or as a number, the interval (6–60 months) and the α/β of the cord.
# The demo's structure set has no A_Carotid_R, GTV or PTV, which npc-2021 names: every row declares them
# `absent` (as Fixtures/batch/example.csv does), so healthy rows are `within` (exit 0 without the
# broken rows), not `incomplete`. Broken patients (every 100th, from index 50): a missing dose file, a
# truncated RTDOSE (its first 4096 bytes) and a structure set in another frame of reference, in turn.
# Needs: a release build (built here), python3, /usr/bin/time. Exit 0 when every check holds.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="200 2000" KEEP=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --sizes) SIZES=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "cohort.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[[ -x /usr/bin/time ]] || { echo "cohort.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
scripts/ensure-deps.sh >/dev/null
swift build -c release --product dosesum >&2
BIN=$PWD/.build/release/dosesum
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dosesum-cohort-XXXXXX")
[[ $KEEP -eq 1 ]] || trap 'rm -rf "$WORK"' EXIT
"$BIN" make-demo-fixture "$WORK/demo" >/dev/null

# Broken inputs: a truncated RTDOSE, and the structure set with its frame of reference UID changed
# (same length, every occurrence) so that it belongs to no dose's frame.
head -c 4096 "$WORK/demo/course1_rtdose.dcm" >"$WORK/demo/truncated_rtdose.dcm"
FRAME=$("$BIN" inspect "$WORK/demo/rtstruct.dcm" | sed -n 's/^  frame of reference: //p')
python3 - "$WORK/demo/rtstruct.dcm" "$WORK/demo/rtstruct_other_frame.dcm" "$FRAME" <<'PY'
import sys
src, dst, uid = sys.argv[1], sys.argv[2], sys.argv[3].encode()
data = open(src, 'rb').read()
other = uid[:-1] + (b'1' if uid[-1:] != b'1' else b'2')
assert data.count(uid) >= 1, 'frame UID not found'
open(dst, 'wb').write(data.replace(uid, other))
PY

# manifest N FILE: N patients; prints the ids of the broken ones to FILE.broken
manifest() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
n, path = int(sys.argv[1]), sys.argv[2]
broken = []
with open(path, 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'course1_dose', 'course1_plan', 'course1_fractions', 'course2_dose', 'course2_plan',
                'course2_fractions', 'structures', 'interval_months', 'protocol', 'alpha_beta', 'absent'])
    for i in range(n):
        pid = f'P{i:05d}'
        c1dose, structures = 'demo/course1_rtdose.dcm', 'demo/rtstruct.dcm'
        if i % 100 == 50:
            kind = (i // 100) % 3
            if kind == 0: c1dose = 'demo/course1_rtdose_MISSING.dcm'
            elif kind == 1: c1dose = 'demo/truncated_rtdose.dcm'
            else: structures = 'demo/rtstruct_other_frame.dcm'
            broken.append(pid)
        c1plan, c1fx = ('demo/course1_rtplan.dcm', '') if i % 2 == 0 else ('', str([30, 33, 35][i % 3]))
        c2plan, c2fx = ('demo/course2_rtplan.dcm', '') if i % 3 == 0 else ('', str([25, 30, 33, 35][i % 4]))
        ab = '' if i % 5 else 'SpinalCord=2;BrainStem=2.1'
        w.writerow([pid, c1dose, c1plan, c1fx, 'demo/course2_rtdose.dcm', c2plan, c2fx, structures,
                    str(6 + (i * 7) % 55), 'npc-2021', ab, 'A_Carotid_R;GTV;PTV'])
open(path + '.broken', 'w').write('\n'.join(broken) + '\n')
PY
}

# verify SUMMARY BROKEN: the error rows are exactly the broken ids; prints "errors=E within=W exceeds=X skipped=S"
verify() {
    python3 - "$1" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
broken = set(open(sys.argv[2]).read().split())
errors = {p['id'] for p in s['patients'] if p['status'] == 'error'}
other = {p['status'] for p in s['patients'] if p['status'] != 'error'}
if errors != broken:
    sys.exit(f'cohort.sh: error rows differ from the broken patients: extra {sorted(errors - broken)[:5]}, missing {sorted(broken - errors)[:5]}')
if other - {'within', 'exceeds'}:
    sys.exit(f'cohort.sh: unexpected statuses {other}')
c = s['counts']
print(f"errors={len(errors)} within={c['within']} exceeds={c['exceeds']} skipped={sum(p['skipped'] for p in s['patients'])}")
PY
}

# timed_batch LABEL MANIFEST OUT JOBS: runs the batch under /usr/bin/time -v, prints one result line
timed_batch() {
    local label=$1 m=$2 out=$3 jobs=$4 n rc
    n=$(($(wc -l <"$m") - 1))
    set +e
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" batch "$m" --out "$out" --jobs "$jobs" 2>"$WORK/batch.err" >/dev/null
    rc=$?
    set -e
    [[ $rc -eq 2 ]] || { echo "cohort.sh: $label: expected exit 2 (broken patients), got $rc" >&2; tail -3 "$WORK/batch.err" >&2; exit 1; }
    local wall rss
    wall=$(python3 -c "import sys; p=sys.argv[1].split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))" \
        "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$WORK/time.txt")")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    printf '%-28s patients=%-5d jobs=%d wall=%7.1fs  %6.1f patients/s  peak RSS %5.0f MB  %s\n' \
        "$label" "$n" "$jobs" "$wall" "$(python3 -c "print($n/$wall)")" "$(python3 -c "print($rss/1024)")" "$(verify "$out/summary.json" "$m.broken")"
}

echo "cohort.sh: work folder $WORK ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for n in $SIZES; do
    manifest "$n" "$WORK/cohort-$n.csv"
    for jobs in 1 2; do
        timed_batch "cohort of $n" "$WORK/cohort-$n.csv" "$WORK/out-$n-j$jobs" "$jobs"
        rm -rf "$WORK/out-$n-j$jobs"
    done
done

# Interrupt and resume: SIGINT once a quarter of the patients have finished, then the same command.
n=$(echo "$SIZES" | awk '{print $1}')
m=$WORK/cohort-$n.csv out=$WORK/out-resume
"$BIN" batch "$m" --out "$out" --jobs 2 2>"$WORK/resume.err" >/dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null && [[ $(grep -c '^\[' "$WORK/resume.err" || true) -lt $((n / 4)) ]]; do sleep 0.05; done
kill -INT "$pid" 2>/dev/null || true
set +e; wait "$pid"; rc=$?; set -e
[[ $rc -eq 130 ]] || { echo "cohort.sh: the interrupted run exited $rc, expected 130" >&2; exit 1; }
first=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert s['interrupted']; print(len(s['patients']))" "$out/summary.json")
set +e; "$BIN" batch "$m" --out "$out" --jobs 2 2>/dev/null >/dev/null; rc=$?; set -e
[[ $rc -eq 2 ]] || { echo "cohort.sh: the resumed run exited $rc, expected 2" >&2; exit 1; }
python3 - "$out/summary.json" "$m.broken" "$first" "$n" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); broken = set(open(sys.argv[2]).read().split()); first, n = int(sys.argv[3]), int(sys.argv[4])
assert not s['interrupted'] and len(s['patients']) == n, 'the resumed run did not finish every patient'
skipped = [p for p in s['patients'] if p['skipped']]
# Error rows are retried, never skipped; every other patient that finished before the interrupt is reused.
assert all(p['status'] != 'error' for p in skipped), 'an error row was skipped'
assert {p['id'] for p in s['patients'] if p['status'] == 'error'} == broken, 'error rows differ after resuming'
checked = n - len(skipped)
print(f'interrupted after {first} of {n} patients (exit 130); the re-run skipped {len(skipped)} and checked {checked} (exit 2)')
assert first - len(skipped) <= len(broken), 'patients finished before the interrupt were checked again'
PY
echo "cohort.sh: all checks hold"

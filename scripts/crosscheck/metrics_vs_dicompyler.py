#!/usr/bin/env python3
"""Compare `dosesum metrics` with dicompyler-core 0.5.6 on every real dose/structure pair whose
Frames of Reference match (../shared/data/public). dicompyler-core is a peer, not the truth: it
counts whole voxels by their centre on the dose grid's planes, in 1 cGy bins.

Usage: metrics_vs_dicompyler.py [DOSESUM] [DATA_DIR]
Prints one row per ROI: volume, Dmax, Dmean, D0.03cc from both tools and their differences.
"""
import glob
import json
import os
import subprocess
import sys

import pydicom
from dicompylercore import dvhcalc

exe = sys.argv[1] if len(sys.argv) > 1 else ".build/release/dosesum"
data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/public"


def for_uid(ds):
    if "FrameOfReferenceUID" in ds and ds.FrameOfReferenceUID:
        return ds.FrameOfReferenceUID
    for r in getattr(ds, "ReferencedFrameOfReferenceSequence", []):
        return r.FrameOfReferenceUID
    return None


files = sorted(glob.glob(os.path.join(data, "*", "*.dcm")))
doses, structs = [], []
for f in files:
    ds = pydicom.dcmread(f, stop_before_pixels=True, force=True)
    m = getattr(ds, "Modality", "")
    if m == "RTDOSE" and "empty" not in f:
        doses.append((f, for_uid(ds)))
    elif m == "RTSTRUCT":
        structs.append((f, for_uid(ds)))

print("| dose | structures | ROI | V cc (DS / dc) | Dmax (DS / dc) | Dmean (DS / dc) | D0.03cc (DS / dc) |")
print("|---|---|---|---|---|---|---|")
worst = {}
for d, fd in doses:
    for s, fs in structs:
        if fd != fs or os.path.dirname(d) != os.path.dirname(s):
            continue
        p = subprocess.run([exe, "metrics", "--dose", d, "--structures", s, "--json",
                            "--metric", "Dmax", "--metric", "Dmean", "--metric", "D0.03cc"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print("| %s | %s | dosesum failed: %s |" % (os.path.basename(d), os.path.basename(s), p.stderr.strip()[:200]))
            continue
        for roi in json.loads(p.stdout)["rois"]:
            ds_v = roi.get("volume_cc")
            m = roi["metrics"]
            try:
                h = dvhcalc.get_dvh(s, d, roi["number"])
            except Exception as e:  # noqa: BLE001
                continue
            if not ds_v or h.volume <= 0:
                continue
            try:
                dc03 = h.statistic("D0.03cc").value
            except Exception:  # noqa: BLE001
                dc03 = float("nan")
            row = (ds_v, h.volume, m.get("Dmax"), h.max, m.get("Dmean"), h.mean, m.get("D0.03cc"), dc03)
            fmt = lambda a, b: "%.3f / %.3f" % (a if a is not None else float("nan"), b)
            print("| %s | %s | %s | %s | %s | %s | %s |" % (os.path.basename(d), os.path.basename(s), roi["name"],
                  fmt(row[0], row[1]), fmt(row[2], row[3]), fmt(row[4], row[5]), fmt(row[6], row[7])))
            for k, (a, b) in {"volume %": (row[0], row[1]), "Dmax": (row[2], row[3]), "Dmean": (row[4], row[5]),
                              "D0.03cc": (row[6], row[7])}.items():
                if a is None or b != b:
                    continue
                diff = 100 * (a - b) / b if k == "volume %" else a - b
                if abs(diff) > abs(worst.get(k, (0, ""))[0]):
                    worst[k] = (diff, "%s/%s" % (os.path.basename(d), roi["name"]))
print()
for k, (v, where) in worst.items():
    print("largest difference %s: %+.3f (%s)" % (k, v, where))

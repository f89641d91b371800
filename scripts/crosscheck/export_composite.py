#!/usr/bin/env python3
"""Independent check of an exported DoseSum composite (pydicom + scipy, no DoseSum code).

Usage: export_composite.py COURSE1.dcm N1 COURSE2.dcm N2 ALPHA_BETA COMPOSITE.dcm

Reads both course doses and the composite with pydicom, evaluates at every composite voxel centre
the trilinear interpolant of each course's stored samples (scipy RegularGridInterpolator, 0 outside
the grid, a point within 1 um of the outer sample plane counting as on it; identity orientations and a shared Frame of Reference only), converts each to EQD2 with
EQD2 = D (D/n + a/b) / (2 + a/b), sums, and compares with the stored composite (stored x
DoseGridScaling). Prints `max_abs_diff_gy scaling_gy voxels` and exits 1 when the largest
difference exceeds one quantisation step plus 1e-4 Gy (Float32 rounding of the engine).
"""
import sys

import numpy as np
import pydicom
from scipy.interpolate import RegularGridInterpolator


def axes(ds):
    iop = np.asarray([float(v) for v in ds.ImageOrientationPatient])
    if not np.allclose(iop, [1, 0, 0, 0, 1, 0], atol=1e-4):
        sys.exit("only identity orientation handled: %s" % iop)
    ox, oy, oz = (float(v) for v in ds.ImagePositionPatient)
    dy, dx = (float(v) for v in ds.PixelSpacing)
    offs = np.asarray([float(v) for v in ds.GridFrameOffsetVector]) if "GridFrameOffsetVector" in ds else np.zeros(1)
    if offs[0] != 0:  # absolute form
        offs = offs - oz
    return oz + offs, oy + dy * np.arange(ds.Rows), ox + dx * np.arange(ds.Columns)


def dose(ds):
    z, y, x = axes(ds)
    d = ds.pixel_array.reshape(len(z), len(y), len(x)).astype(np.float64) * float(ds.DoseGridScaling)
    order = np.argsort(z)
    return (z[order], y, x), d[order]


def main():
    c1, n1, c2, n2, ab, comp = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
    total = None
    dsc = pydicom.dcmread(comp)
    (zc, yc, xc), stored = dose(dsc)
    Z, Y, X = np.meshgrid(zc, yc, xc, indexing="ij")
    pts = np.column_stack([Z.ravel(), Y.ravel(), X.ravel()])
    for path, n in ((c1, n1), (c2, n2)):
        grid, d = dose(pydicom.dcmread(path))
        f = RegularGridInterpolator(grid, d, bounds_error=False, fill_value=0.0)
        # A point within 1 um of a grid's outer sample plane is on it (DICOM positions are decimal
        # strings; both tools' float rounding must not decide whether an edge voxel gets dose).
        q = pts.copy()
        for a, ax in enumerate(grid):
            lo, hi = ax[0], ax[-1]
            q[:, a] = np.where((q[:, a] < lo) & (q[:, a] > lo - 1e-3), lo, q[:, a])
            q[:, a] = np.where((q[:, a] > hi) & (q[:, a] < hi + 1e-3), hi, q[:, a])
        D = f(q)
        e = D * (D / n + ab) / (2 + ab)
        total = e if total is None else total + e
    diff = np.abs(total - stored.ravel())
    scaling = float(dsc.DoseGridScaling)
    print("%.6g %.6g %d" % (diff.max(), scaling, diff.size))
    sys.exit(0 if diff.max() <= scaling + 1e-4 else 1)


if __name__ == "__main__":
    main()

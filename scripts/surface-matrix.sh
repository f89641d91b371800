#!/usr/bin/env bash
# The whole true-solid phantom matrix of the smooth surface model (issue 18): five sphere radii
# 5–30 mm, two ellipsoids, cylinders along x, y and z, four cones, on 1, 2, 3 mm slices shifted by
# 0, 1/3 and 1/2 a slice and on irregular planes, in 1 Gy/mm gradients along +x, −x, +y, +z, −z and
# an oblique direction; prints one table per spacing (slab and smooth, |error| worst / mean against
# the true solids). Not part of CI (several minutes); CI runs a subset (SmoothSurfaceAccuracyTests).
#
#   scripts/surface-matrix.sh [extra swift test arguments, e.g. -c release]
set -euo pipefail
cd "$(dirname "$0")/.."
DOSESUM_SURFACE_MATRIX=1 swift test "$@" --filter 'SmoothSurfaceAccuracyTests/matrix' 2>&1 | grep -E '^\[SmoothSurfaceMatrix\]|^\||recorded|passed|failed'

#!/usr/bin/env bash
# Installs what DoseSum needs on a fresh Debian 12 machine with the Swift toolchain, only when missing.
#   - libdcmtk-dev (required): DCMTK headers and libraries the C shim links against.
#   - pydicom + numpy + scipy (optional, best effort): independent reader and resampler used by
#     cross-check tests, which skip with a printed reason when they are absent.
#   - scikit-image (optional, best effort): ../shared/peers/gen_cases.py needs it for the peer cases.
#   - jsonschema (optional, best effort): the validator scripts/validate_json.py uses to check real
#     outputs against Schemas/ (tests skip without it).
#   With DOSESUM_REQUIRE_SHARED=1 (CI), the tests fail instead of skipping when any of these is missing.
set -euo pipefail

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then echo sudo; else
            echo "DoseSum needs '$*' installed; run as root: apt-get update && apt-get install -y $*" >&2
            exit 2
        fi
    fi
}

if [ ! -f /usr/include/dcmtk/dcmdata/dctk.h ]; then
    SUDO=$(need_root libdcmtk-dev)
    echo "==> installing libdcmtk-dev (DCMTK) with apt-get" >&2
    ${SUDO:-} apt-get update -qq
    DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq libdcmtk-dev >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "DoseSum needs the Swift toolchain (6.1 or newer) on PATH" >&2
    exit 2
fi

if [ "${DOSESUM_SKIP_PYTHON:-0}" != "1" ] && command -v python3 >/dev/null 2>&1; then
    if ! python3 -c "import pydicom, numpy, scipy" >/dev/null 2>&1; then
        echo "==> installing pydicom, numpy and scipy for the cross-check tests (best effort)" >&2
        python3 -m pip install -q "pydicom<3" numpy scipy >/dev/null 2>&1 \
            || echo "    (pip install failed: pydicom/scipy cross-checks will be skipped)" >&2
    fi
    if ! python3 -c "import skimage" >/dev/null 2>&1; then
        echo "==> installing scikit-image for ../shared/peers/gen_cases.py (schema tests on the peer cases; best effort)" >&2
        python3 -m pip install -q scikit-image >/dev/null 2>&1 \
            || echo "    (pip install failed: the peer-case schema test will be skipped)" >&2
    fi
    if ! python3 -c "import jsonschema, referencing" >/dev/null 2>&1; then
        echo "==> installing jsonschema for the JSON Schema tests (best effort)" >&2
        python3 -m pip install -q "jsonschema>=4.18" >/dev/null 2>&1 \
            || echo "    (pip install failed: JSON Schema validation tests will be skipped)" >&2
    fi
fi

#!/usr/bin/env bash
# Renders a DoseSum HTML report to a PNG with headless Chromium, to look at the page.
#
#   scripts/render_html.sh [report.html] [out.png]
#
# Without report.html, the sample check report of the Reports tests is written first
# (swift test --filter HTMLReportTests, with DOSESUM_HTML_SAMPLE set). Default PNG: beside the HTML.
# Needs chromium (apt-get install -y chromium). SCRATCH selects the SwiftPM scratch path.
set -euo pipefail
cd "$(dirname "$0")/.."

html="${1:-}"
if [[ -z "$html" ]]; then
    html="$(mktemp -d)/dosesum-sample.html"
    DOSESUM_HTML_SAMPLE="$html" swift test --scratch-path "${SCRATCH:-.build}" \
        --filter 'ReportsTests.HTMLReportTests/wellFormedEnoughAndEscaped' >/dev/null
    [[ -s "$html" ]] || { echo "render_html.sh: the sample report was not written to $html" >&2; exit 1; }
fi
[[ -f "$html" ]] || { echo "render_html.sh: no such file: $html" >&2; exit 1; }
png="${2:-${html%.html}.png}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[[ -n "$browser" ]] || { echo "render_html.sh: chromium not found (apt-get install -y chromium)" >&2; exit 1; }

abs="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${WINDOW:-1200,2400}" \
    --screenshot="$png" "file://$abs" 2>/dev/null
echo "$html -> $png"

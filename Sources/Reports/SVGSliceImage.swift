import Foundation

/// An inline SVG of a `HotSpotSlice`: the composite EQD2 colour-mapped cell by cell (a PNG inside the
/// SVG, one pixel per cell, drawn unsmoothed), the ROI's contours on the nearest contour plane, the
/// hot spot marked with a cross (open at its centre), patient orientation letters (R/L, A/P: patient's right on
/// the viewer's left, anterior up), a 10 mm scale bar and a colour bar in Gy EQD2. Cells whose dose
/// is unknown are hatched. Self-contained (no scripts, no external references).
struct SVGSliceImage {
    var title: String
    var slice: HotSpotSlice
    /// Prefix of the SVG's element ids (patterns, gradient, clip path), unique within the page.
    var id: String
    /// Side (px) of the image's longer axis.
    var imageSize = 240.0
    let left = 22.0, top = 58.0, barWidth = 14.0

    /// Colour map anchors (position 0…1, RGB): dark blue through cyan, green and yellow to dark red.
    static let anchors: [(Double, (Double, Double, Double))] = [
        (0.00, (48, 18, 59)), (0.15, (70, 98, 215)), (0.30, (54, 170, 249)), (0.45, (26, 228, 182)),
        (0.60, (114, 254, 94)), (0.75, (200, 239, 52)), (0.85, (250, 186, 57)), (0.95, (230, 70, 12)), (1.00, (122, 4, 3)),
    ]

    /// The colour of `t` (clamped to 0…1), RGB 0…255.
    static func colour(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let t = min(max(t.isFinite ? t : 0, 0), 1)
        let upper = anchors.firstIndex { $0.0 >= t } ?? anchors.count - 1
        let (t1, c1) = anchors[upper], (t0, c0) = anchors[max(upper - 1, 0)]
        let u = t1 > t0 ? (t - t0) / (t1 - t0) : 0
        func mix(_ a: Double, _ b: Double) -> UInt8 { UInt8((a + (b - a) * u).rounded()) }
        return (mix(c0.0, c1.0), mix(c0.1, c1.1), mix(c0.2, c1.2))
    }

    static func hex(_ c: (UInt8, UInt8, UInt8)) -> String { String(format: "#%02x%02x%02x", c.0, c.1, c.2) }

    /// The top of the colour scale (Gy EQD2): the highest known value, at least 1e-6.
    var scaleMax: Double { max(slice.values.filter(\.isFinite).max() ?? 0, 1e-6) }

    func render() -> String {
        let s = slice, pixel = imageSize / Double(max(s.columns, s.rows))
        let w = pixel * Double(s.columns), h = pixel * Double(s.rows)
        let barX = left + w + 30, width = barX + barWidth + 48, height = top + h + 46
        let vmax = scaleMax
        func px(_ p: SIMD2<Double>) -> (Double, Double) { (left + (p.x - s.originMM.x) / s.cellMM * pixel, top + (p.y - s.originMM.y) / s.cellMM * pixel) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"slice\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        out += "<defs><pattern id=\"\(id)h\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#eee\"/><path d=\"M0 6L6 0\" stroke=\"#bbb\"/></pattern>"
        out += "<clipPath id=\"\(id)c\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\"/></clipPath>"
        out += "<linearGradient id=\"\(id)g\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        out += Self.anchors.map { "<stop offset=\"\($0.0)\" stop-color=\"\(Self.hex(Self.colour($0.0)))\"/>" }.joined()
        out += "</linearGradient></defs>\n"
        out += "<text x=\"\(f(left))\" y=\"15\" font-size=\"13\" font-weight=\"bold\">\(HTML.escape(title))</text>\n"
        let planes = "axial z = \(String(format: "%.1f", s.zMM)) mm" + (s.contourZMM.map { " · contour at z = " + String(format: "%.1f", $0) + " mm" } ?? "")
        out += "<text x=\"\(f(left))\" y=\"29\" font-size=\"11\" fill=\"#444\">\(planes)</text>"
        out += "<text x=\"\(f(left))\" y=\"42\" font-size=\"11\" fill=\"#444\">\(HTML.escape(s.doseLabel))</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"url(#\(id)h)\"/>\n"
        out += "<image x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(png().base64EncodedString())\"/>\n"
        // contours: a dark halo under a white line, readable on every colour
        out += "<g clip-path=\"url(#\(id)c)\" fill=\"none\" stroke-linejoin=\"round\">"
        for contour in s.contours where contour.count > 1 {
            let points = contour.map { let (x, y) = px($0); return "\(f(x)),\(f(y))" }.joined(separator: " ")
            out += "<polygon points=\"\(points)\" stroke=\"#000\" stroke-width=\"3\" stroke-opacity=\"0.6\"/><polygon points=\"\(points)\" stroke=\"#fff\" stroke-width=\"1.4\"/>"
        }
        let (mx, my) = px(s.markerMM)
        // the hot spot: a cross with an open centre (dark halo under white), unlike any contour
        let cross = "M\(f(mx - 10)) \(f(my))h7M\(f(mx + 3)) \(f(my))h7M\(f(mx)) \(f(my - 10))v7M\(f(mx)) \(f(my + 3))v7"
        out += "<path class=\"hotspot\" d=\"\(cross)\" stroke=\"#000\" stroke-width=\"4\" stroke-linecap=\"round\"/>"
        out += "<path d=\"\(cross)\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\"/>"
        out += "</g>\n<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" stroke=\"#444\"/>\n"
        // orientation (patient's right on the viewer's left, anterior up)
        out += "<g font-size=\"11\" font-weight=\"bold\" fill=\"#444\" text-anchor=\"middle\">"
        out += "<text x=\"\(f(left - 11))\" y=\"\(f(top + h / 2 + 4))\">R</text><text x=\"\(f(left + w + 11))\" y=\"\(f(top + h / 2 + 4))\">L</text>"
        out += "<text x=\"\(f(left + w / 2))\" y=\"\(f(top - 3))\">A</text><text x=\"\(f(left + w / 2))\" y=\"\(f(top + h + 12))\">P</text></g>\n"
        // scale bar: 10 mm
        let bar = 10 / s.cellMM * pixel, sy = top + h + 26
        out += "<path d=\"M\(f(left)) \(f(sy - 4))v4h\(f(bar))v-4\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>"
        out += "<text x=\"\(f(left + bar + 5))\" y=\"\(f(sy + 1))\" font-size=\"11\">10 mm</text>\n"
        // colour bar
        out += "<rect x=\"\(f(barX))\" y=\"\(f(top))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" fill=\"url(#\(id)g)\" stroke=\"#444\"/>\n"
        for t in SVGDVHPlot.ticks(upTo: vmax) where t <= vmax * (1 + 1e-9) {
            let y = top + h * (1 - t / vmax)
            out += "<line x1=\"\(f(barX + barWidth))\" y1=\"\(f(y))\" x2=\"\(f(barX + barWidth + 4))\" y2=\"\(f(y))\" stroke=\"#444\"/>"
            out += "<text x=\"\(f(barX + barWidth + 6))\" y=\"\(f(y + 4))\" font-size=\"10\">\(SVGDVHPlot.label(t))</text>\n"
        }
        out += "<text x=\"\(f(barX - 4))\" y=\"\(f(top + h + 26))\" font-size=\"11\">Gy EQD2</text>\n"
        return out + "</svg>"
    }

    /// One RGBA pixel per cell (top row = lowest y, i.e. anterior); unknown cells transparent.
    func png() -> Data {
        let s = slice, vmax = scaleMax
        var rgba = [UInt8](repeating: 0, count: s.columns * s.rows * 4)
        for (n, v) in s.values.enumerated() where v.isFinite {
            let c = Self.colour(v / vmax)
            rgba[4 * n] = c.0; rgba[4 * n + 1] = c.1; rgba[4 * n + 2] = c.2; rgba[4 * n + 3] = 255
        }
        return PNGEncoder.encode(width: s.columns, height: s.rows, rgba: rgba)
    }

    func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

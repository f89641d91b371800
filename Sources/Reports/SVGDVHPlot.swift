import Foundation

/// An inline SVG plot of cumulative DVH curves: dose (Gy) on x, volume (% or cc) on y, with axes,
/// ticks, axis labels, a title and a legend. Self-contained (no scripts, no external fonts).
struct SVGDVHPlot {
    var title: String
    var curves: [(label: String, curve: DVHPlotCurve)]
    /// Limits drawn as labelled vertical lines (Gy EQD2, e.g. ("desirable 70.2", 70.2)); the dose
    /// axis reaches past the highest.
    var limits: [(label: String, dose: Double)] = []
    /// The composite's band under the uncertainty scenarios, drawn as a shaded envelope behind the curves.
    var envelope: DVHEnvelope? = nil
    var width = 560.0, height = 320.0
    let left = 56.0, right = 150.0, top = 28.0, bottom = 44.0
    static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    static let dashes = ["", "6 3", ""]

    func render() -> String {
        let highestLimit = limits.map(\.dose).filter(\.isFinite).max() ?? 0
        let maxDose = max(curves.flatMap(\.curve.dose).filter(\.isFinite).max() ?? 1, highestLimit * 1.04,
                          envelope?.dose.filter(\.isFinite).max() ?? 0)
        let unit = curves.first?.curve.volumeUnit ?? .percent
        let maxVolume = unit == .percent ? 100 : (curves.flatMap(\.curve.volume).filter(\.isFinite).max() ?? 1)
        let xTicks = Self.ticks(upTo: max(maxDose, 1e-6)), yTicks = Self.ticks(upTo: max(maxVolume, 1e-6))
        let xMax = xTicks.last!, yMax = yTicks.last!
        let pw = width - left - right, ph = height - top - bottom
        func x(_ d: Double) -> Double { left + pw * d / xMax }
        func y(_ v: Double) -> Double { top + ph * (1 - v / yMax) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dvh\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        s += "<title>\(HTML.escape(title))</title>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"#fff\" stroke=\"#444\"/>\n"
        for t in xTicks {
            s += "<line x1=\"\(f(x(t)))\" y1=\"\(f(top))\" x2=\"\(f(x(t)))\" y2=\"\(f(top + ph))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(x(t)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\" font-size=\"11\">\(Self.label(t))</text>\n"
        }
        for t in yTicks {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(y(t)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\" font-size=\"11\">\(Self.label(t))</text>\n"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" font-size=\"12\">Dose (Gy EQD2)</text>\n"
        s += "<text x=\"14\" y=\"\(f(top + ph / 2))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 \(f(top + ph / 2)))\">Volume (\(unit.rawValue))</text>\n"
        s += "<text x=\"\(f(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(HTML.escape(title))</text>\n"
        s += envelopeShape(x: x, y: { y(min($0, yMax)) }, legendX: left + pw + 12, legendY: top + 14 + Double(curves.count) * 18)
        for (i, (label, curve)) in curves.enumerated() {
            let colour = Self.colours[i % Self.colours.count], dash = Self.dashes[i % Self.dashes.count]
            let points = zip(curve.dose, curve.volume).filter { $0.0.isFinite && $0.1.isFinite }
                .map { "\(f(x($0.0))),\(f(y(min($0.1, yMax))))" }.joined(separator: " ")
            let dashAttr = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dashAttr) points=\"\(points)\"/>\n"
            let ly = top + 14 + Double(i) * 18, lx = left + pw + 12
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dashAttr)/>"
            s += "<text x=\"\(f(lx + 28))\" y=\"\(f(ly + 4))\" font-size=\"11\">\(HTML.escape(label))</text>\n"
        }
        let envelopeRows = envelope == nil ? 0.0 : 1.0
        s += limitLines(x: x, top: top, bottom: top + ph, legendY: top + 14 + (Double(curves.count) + envelopeRows) * 18, legendX: left + pw + 12)
        return s + "</svg>"
    }

    /// The envelope as one shaded polygon (upper edge forwards, lower edge back) and its legend entry;
    /// empty without an envelope.
    func envelopeShape(x: (Double) -> Double, y: (Double) -> Double, legendX: Double, legendY: Double) -> String {
        guard let e = envelope, !e.dose.isEmpty else { return "" }
        let upper = e.dose.indices.map { "\(f(x(e.dose[$0]))),\(f(y(e.upper[$0])))" }
        let lower = e.dose.indices.reversed().map { "\(f(x(e.dose[$0]))),\(f(y(e.lower[$0])))" }
        let colour = "#2ca02c"
        var s = "<polygon class=\"envelope\" fill=\"\(colour)\" fill-opacity=\"0.25\" stroke=\"none\" points=\"\((upper + lower).joined(separator: " "))\"/>\n"
        s += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 5))\" width=\"22\" height=\"10\" fill=\"\(colour)\" fill-opacity=\"0.25\"/>"
        s += "<text x=\"\(f(legendX + 28))\" y=\"\(f(legendY + 4))\" font-size=\"11\">Composite band</text>\n"
        return s
    }

    /// One dashed vertical line per limit, labelled along the line (reading upwards, left of it, on a
    /// white halo), and one legend entry.
    func limitLines(x: (Double) -> Double, top: Double, bottom: Double, legendY: Double, legendX: Double) -> String {
        guard !limits.isEmpty else { return "" }
        var s = "<g class=\"limits\">"
        for (label, dose) in limits where dose.isFinite {
            let lx = x(dose)
            s += "<line class=\"limit\" x1=\"\(f(lx))\" y1=\"\(f(top))\" x2=\"\(f(lx))\" y2=\"\(f(bottom))\" stroke=\"\(Self.limitColour)\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
            s += "<text x=\"\(f(lx - 4))\" y=\"\(f(top + 4))\" transform=\"rotate(-90 \(f(lx - 4)) \(f(top + 4)))\" text-anchor=\"end\" font-size=\"10\" fill=\"\(Self.limitColour)\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(HTML.escape(label))</text>\n"
        }
        s += "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY))\" x2=\"\(f(legendX + 22))\" y2=\"\(f(legendY))\" stroke=\"\(Self.limitColour)\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
        s += "<text x=\"\(f(legendX + 28))\" y=\"\(f(legendY + 4))\" font-size=\"11\">limit</text>"
        return s + "</g>\n"
    }
    static let limitColour = "#b00020"

    /// 0, step, 2·step … ≥ max with step 1, 2 or 5 × 10ᵏ giving 4–10 intervals.
    static func ticks(upTo max: Double) -> [Double] {
        let raw = max / 5, mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { max / $0 <= 8 } ?? 10 * mag
        let n = Int((max / step).rounded(.up))
        return (0...Swift.max(n, 1)).map { Double($0) * step }
    }
    static func label(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%g", v) }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

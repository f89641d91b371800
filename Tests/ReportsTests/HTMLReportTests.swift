import Foundation
import Testing
import RTCore
@testable import Reports

@Suite struct HTMLReportTests {
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func wellFormedEnoughAndEscaped() throws {
        let report = try SampleReport.make()
        let html = HTMLReportRenderer.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("</html>"))
        // One SVG per ROI with an organ and curves (3 of the 4 ROIs; External has no organ).
        #expect(count("<svg", in: html) == 3)
        #expect(count("</svg>", in: html) == 3)
        #expect(count("<polyline", in: html) == 9)
        // ROI names and diagnostics are escaped; the raw text never appears.
        #expect(!html.contains("Cord <PRV>"))
        #expect(html.contains("Cord &lt;PRV&gt; &amp; &quot;x&quot;"))
        #expect(html.contains("dose grid &lt;clipped&gt; at z"))
        // Self-contained: no external references or scripts.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(!html.contains("href=\"http"))
        // Balanced table and row tags.
        #expect(count("<table", in: html) == count("</table>", in: html))
        #expect(count("<tr", in: html) == count("</tr>", in: html))
        // Verdict rows carry their status as a class for colouring.
        #expect(html.contains("<tr class=\"exceeds\">") && html.contains("<tr class=\"within\">"))
        #expect(html.contains("<tr class=\"not-evaluable\">"))
        if let out = ProcessInfo.processInfo.environment["DOSESUM_HTML_SAMPLE"] {
            try html.write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    @Test func escapeAllSpecials() {
        #expect(HTML.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
    }

    /// Plot area: x from 56 to 560 − 150 = 410 px, y from 28 to 320 − 44 = 276 px; axes 0–40 Gy, 0–100 %.
    @Test func svgCoordinates() {
        let svg = SVGDVHPlot(title: "T <1>", curves: [("C", DVHPlotCurve(dose: [0, 20, 40], volume: [100, 50, 0]))]).render()
        #expect(svg.contains("points=\"56.0,28.0 233.0,152.0 410.0,276.0\""))
        #expect(svg.contains(">40</text>") && svg.contains(">100</text>"))
        #expect(svg.contains("Dose (Gy EQD2)") && svg.contains("Volume (%)"))
        #expect(svg.contains("T &lt;1&gt;") && !svg.contains("T <1>"))
    }

    @Test func niceTicks() {
        #expect(SVGDVHPlot.ticks(upTo: 75) == [0, 10, 20, 30, 40, 50, 60, 70, 80])
        #expect(SVGDVHPlot.ticks(upTo: 100) == [0, 20, 40, 60, 80, 100])
        #expect(SVGDVHPlot.ticks(upTo: 3.2) == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5])
    }
}

/// With recovery, the DVH plot shows the judged (discounted) composite and the undiscounted one, labelled.
@Suite struct RecoveryCurvesTests {
    @Test func bothCompositesAreDrawnAndLabelled() {
        let c = DVHPlotCurve(dose: [0, 10, 20], volume: [100, 50, 0])
        let plain = DVHPlotCurves(course1: c, course2: c, composite: c)
        #expect(plain.labelled.map(\.label) == ["Course 1", "Course 2", "Composite EQD2"])
        let discounted = DVHPlotCurves(course1: c, course2: c, composite: c, compositeUndiscounted: c)
        #expect(discounted.labelled.map(\.label) == ["Course 1", "Course 2", "Composite, discounted", "Composite, undiscounted"])
        let svg = SVGDVHPlot(title: "t", curves: discounted.labelled).render()
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(svg.contains("Composite, discounted") && svg.contains("Composite, undiscounted"))
    }
}

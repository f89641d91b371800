import Constraints
import DoseMetrics
import Foundation
import RTCore
import Testing
@testable import Reports

/// The hot spot in every report, and the HTML's limit lines and slice image, on the hand-made
/// sample report with hand-chosen hot spots.
@Suite struct HotSpotReportTests {
    /// BrainStem: centroid (1.5, −20.4, 7) mm, course EQD2 60 and 20 Gy (shares ¾ and ¼ of 80 Gy).
    /// Cord: 50 % recovery, course EQD2 40 and 10 Gy → discounted composite 30 Gy, shares ⅔ and ⅓.
    static func report(slice: HotSpotSlice? = nil) throws -> CheckReport {
        var r = try SampleReport.make()
        r.rois[0].hotSpot = HotSpot(metric: .doseAtAbsoluteVolume(cc: 0.03), positionMM: [1.5, -20.4, 7], compositeMeanGy: 80,
                                    courseEQD2: [60, 20], courseWeights: [1, 1], volumeMM3: 30, sampleCount: 400)
        r.rois[0].hotSpotSlice = slice
        r.rois[1].recovery = 0.5
        r.rois[1].hotSpot = HotSpot(metric: .doseAtAbsoluteVolume(cc: 0.03), positionMM: [0, 10, -40], compositeMeanGy: 30,
                                    courseEQD2: [40, 10], courseWeights: [0.5, 1], volumeMM3: 30, sampleCount: 300)
        return r
    }

    /// 60 × 40 cells of 1 mm from (0, 0): the value is the cell centre's x (Gy); the last cell unknown.
    static func slice() -> HotSpotSlice {
        var values: [Double] = []
        for _ in 0..<40 { for c in 0..<60 { values.append(Double(c) + 0.5) } }
        values[values.count - 1] = .nan
        return HotSpotSlice(zMM: 7, originMM: [0, 0], cellMM: 1, columns: 60, rows: 40, values: values, markerMM: [30, 15],
                            contours: [[[20, 10], [40, 10], [40, 30], [20, 30]]], contourZMM: 7.5, doseLabel: "composite EQD2")
    }

    @Test func json() throws {
        let root = try #require(try JSONSerialization.jsonObject(with: JSONReportRenderer.render(Self.report())) as? [String: Any])
        let rois = try #require(root["rois"] as? [[String: Any]])
        let bs = try #require(rois[0]["hot_spot"] as? [String: Any])
        #expect(bs["position_mm"] as? [Double] == [1.5, -20.4, 7])
        #expect(bs["course_shares"] as? [Double] == [0.75, 0.25])
        #expect(bs["course_eqd2_gy"] as? [Double] == [60, 20] && bs["composite_mean_gy"] as? Double == 80)
        #expect(bs["metric"] as? String == "D0.03cc" && bs["composite"] as? String == "composite" && bs["volume_cc"] as? Double == 0.03)
        let cord = try #require(rois[1]["hot_spot"] as? [String: Any])
        #expect(cord["composite"] as? String == "composite_discounted")
        let shares = try #require(cord["course_shares"] as? [Double])
        #expect(abs(shares[0] - 2.0 / 3) < 1e-12 && abs(shares[1] - 1.0 / 3) < 1e-12)
        #expect(rois[3]["hot_spot"] is NSNull)
    }

    @Test func textAndCSV() throws {
        let report = try Self.report()
        let lines = TextReportRenderer.render(report).components(separatedBy: "\n")
        let bs = try #require(lines.first { $0.hasPrefix("BrainStem ") && $0.contains("75 %") })
        #expect(bs.split(separator: " ").filter { !$0.isEmpty }.map(String.init)
                == ["BrainStem", "1.5", "-20.4", "7.0", "75", "%", "25", "%", "80.00", "composite"])
        #expect(lines.contains { $0.hasPrefix("Cord") && $0.contains("67 %") && $0.contains("33 %") && $0.hasSuffix("discounted composite") })
        let rows = TextFormatsTests.parseCSV(TextFormatsTests.withoutComments(CSVReportRenderer.render(report)))
        let header = rows[0], roi = header.firstIndex(of: "roi")!
        let x = header.firstIndex(of: "hot_spot_x_mm")!, s1 = header.firstIndex(of: "hot_spot_course1_share")!
        for row in rows.dropFirst() where row[roi] == "BrainStem" {
            #expect(Array(row[x..<(x + 5)]) == ["1.5", "-20.4", "7.0", "0.75", "0.25"])
        }
        #expect(rows.dropFirst().filter { $0[roi].isEmpty }.allSatisfy { $0[x].isEmpty && $0[s1].isEmpty })
    }

    /// The SVG elements of a page, in order.
    static func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
    }

    @Test("one labelled limit line per limit of the organ, inside the dose axis")
    func limitLines() throws {
        let report = try Self.report()
        let set = try ConstraintLibrary.set("npc-2021")
        let dvhs = Self.svgs(HTMLReportRenderer.render(report)).filter { $0.contains("class=\"dvh\"") }
        let plotted = report.rois.filter { $0.organ != nil }
        #expect(dvhs.count == plotted.count)
        for (svg, roi) in zip(dvhs, plotted) {
            // the organ's rows with a limit, from the constraint set itself: NPC-2021 gives 2 each here
            let limits = set.constraints.filter { $0.organKind == roi.organ!.kind && $0.limit != nil }
            #expect(limits.count == 2)
            #expect(svg.components(separatedBy: "class=\"limit\"").count - 1 == limits.count, "\(roi.name)")
            for c in limits { #expect(svg.contains(">\(c.level.rawValue) \(String(format: "%g", c.limit!))</text>"), "\(roi.name)") }
            // plot area x 56…410 px: every limit line inside it, so the axis reaches past the highest limit
            let xs = svg.components(separatedBy: "class=\"limit\" x1=\"").dropFirst().map { Double($0.prefix { $0 != "\"" })! }
            #expect(xs.allSatisfy { $0 > 56 && $0 < 410 }, "\(roi.name): \(xs)")
        }
    }

    @Test("the slice image: the cells as PNG pixels, the contour, the marked hot spot, the colour bar")
    func sliceImage() throws {
        let html = HTMLReportRenderer.render(try Self.report(slice: Self.slice()))
        let slices = Self.svgs(html).filter { $0.contains("class=\"slice\"") }
        #expect(slices.count == 1)
        let svg = try #require(slices.first)
        // 60 columns in 240 px: 4 px a cell from (22, 58); the hot spot (30, 15) mm is at (142, 118) px
        #expect(svg.contains("<path class=\"hotspot\" d=\"M132.0 118.0h7M145.0 118.0h7M142.0 108.0v7M142.0 121.0v7\""))
        #expect(svg.contains("points=\"102.0,98.0 182.0,98.0 182.0,178.0 102.0,178.0\""))
        #expect(svg.contains("Gy EQD2") && svg.contains(">axial z = 7.0 mm · contour at z = 7.5 mm</text>") && svg.contains(">composite EQD2</text>") && svg.contains(">10 mm</text>"))
        #expect(html.contains("x 1.5, y -20.4, z 7.0 mm (LPS) · course 1 75 % · course 2 25 %"))
        // the PNG: 60 × 40 RGBA, cell (c, r) coloured by value / max, the unknown cell transparent
        let b64 = try #require(svg.components(separatedBy: "data:image/png;base64,").dropFirst().first?.prefix { $0 != "\"" })
        let png = try #require(Data(base64Encoded: String(b64)))
        let bytes = [UInt8](png)
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(bytes[16..<24]) == [0, 0, 0, 60, 0, 0, 0, 40])
        let pixels = Self.storedPixels(bytes, width: 60, height: 40)
        let vmax = 59.5
        for (c, r) in [(0, 0), (17, 3), (59, 38)] {
            let expected = SVGSliceImage.colour((Double(c) + 0.5) / vmax)
            let p = pixels[(r * 60 + c) * 4..<(r * 60 + c) * 4 + 4]
            #expect(Array(p) == [expected.0, expected.1, expected.2, 255], "cell \(c), \(r)")
        }
        #expect(pixels[pixels.count - 1] == 0)
    }

    /// The RGBA bytes of a PNG whose IDAT is one zlib stream of stored blocks with filter 0 rows.
    static func storedPixels(_ png: [UInt8], width: Int, height: Int) -> [UInt8] {
        var at = 8, idat: [UInt8] = []
        while at < png.count {
            let length = png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            if String(decoding: png[(at + 4)..<(at + 8)], as: UTF8.self) == "IDAT" { idat += png[(at + 8)..<(at + 8 + length)] }
            at += 12 + length
        }
        var raw: [UInt8] = [], p = 2
        while p < idat.count - 4 {
            let last = idat[p] & 1, n = Int(idat[p + 1]) | Int(idat[p + 2]) << 8
            raw += idat[(p + 5)..<(p + 5 + n)]
            p += 5 + n
            if last == 1 { break }
        }
        let stride = width * 4 + 1
        var pixels: [UInt8] = []
        for r in 0..<height { pixels += raw[(r * stride + 1)..<((r + 1) * stride)] }
        return pixels
    }

    @Test("PNG checksums: known CRC-32 and Adler-32 values")
    func checksums() {
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Array(PNGEncoder.zlibStored(Array("Wikipedia".utf8)).suffix(4)) == [0x11, 0xE6, 0x03, 0x98])
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}

import Foundation
import Testing
import DoseSumKit
import TestSupport

/// `dosesum inspect --json`: the documented dosesum.inspect/1 fields, read back from files the test
/// writes itself (the demo phantom), so every expected value is what was written.
struct InspectCommandTests {
    static let available = CLI.executable != nil

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func inspectReportsWhatWasWritten() throws {
        let f = try DemoFolder()
        let r = try CLI.run(["inspect", "--json", f.path(DemoCase.course1Dose), f.path(DemoCase.structures), f.path(DemoCase.course1Plan)])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let docs = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(docs.count == 3)
        let dose = docs[0], rs = docs[1], plan = docs[2]
        #expect(dose["schema"] as? String == "dosesum.inspect/1")
        #expect(dose["modality"] as? String == "RTDOSE")
        let g = DemoPhantom.course1Geometry
        #expect(dose["columns"] as? Int == g.size.x)
        #expect(dose["rows"] as? Int == g.size.y)
        #expect(dose["frames"] as? Int == g.size.z)
        #expect(dose["pixel_spacing_mm"] as? [Double] == [g.spacing.y, g.spacing.x])
        #expect(dose["image_position_mm"] as? [Double] == [g.origin.x, g.origin.y, g.origin.z])
        #expect(dose["image_orientation"] as? [Double] == [1, 0, 0, 0, 1, 0])
        let offsets = try #require(dose["frame_offsets_mm"] as? [Double])
        #expect(offsets == (0..<g.size.z).map { Double($0) * g.spacing.z })
        #expect(dose["dose_units"] as? String == "GY")
        #expect(dose["frame_of_reference_uid"] as? String == DemoPhantom.frameOfReference.rawValue)
        let written = DemoPhantom.doseDistribution(DemoPhantom.course1, on: g, label: "c1").grid.maximum
        let scaling = try #require(dose["dose_grid_scaling"] as? Double)
        let maxDose = try #require(dose["max_dose_gy"] as? Double)
        #expect(abs(maxDose - Double(written)) <= scaling + 1e-5 * Double(written))
        let rois = try #require(rs["rois"] as? [[String: Any]])
        let expected = DemoPhantom.structureSet().rois
        #expect(rois.map { $0["name"] as? String } == expected.map(\.name))
        #expect(rois.map { $0["contours"] as? Int } == expected.map(\.contours.count))
        #expect(rois.map { $0["points"] as? Int } == expected.map(\.pointCount))
        #expect(plan["fractions"] as? Int == DemoPhantom.course1Fractions)
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func inspectNamesTheBadFileAndGoesOn() throws {
        let f = try DemoFolder()
        let bad = f.out("empty.dcm")
        FileManager.default.createFile(atPath: bad, contents: Data())
        let r = try CLI.run(["inspect", bad, f.path(DemoCase.course2Plan)])
        #expect(r.status == 2)
        #expect(r.stderr.contains(bad))
        #expect(r.stdout.contains("RTPLAN"))
    }
}

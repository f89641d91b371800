import DICOMIO
import DoseSumKit
import Foundation
import RTCore
import RTModel
import Testing

/// Issue 19: the fuzz-repro inputs rebuilt in code from the demo case (no ../shared needed), run
/// through the built executable: exit 2, a first stderr line naming the input and the tag, option
/// or field, and no output written.
@Suite(.serialized) struct MutatedInputTests {
    static let available = CLI.executable != nil

    /// The demo case plus mutants of it in one temporary folder (removed with it).
    final class Case {
        let folder: DemoFolder
        init() throws { folder = try DemoFolder() }
        func path(_ name: String) -> String { folder.path(name) }
        func out(_ name: String) -> String { folder.out(name) }

        /// Course 2's dose rewritten with `overrides`, as `name` beside the demo files.
        func mutantDose(_ name: String, _ overrides: [DICOMTag: String?]) throws -> String {
            let (dose, _) = try DICOMReader.readDose(at: path(DemoCase.course2Dose))
            try DICOMWriter.writeDose(dose, to: path(name), seriesDescription: "mutant", overrides: overrides)
            return path(name)
        }

        /// The structure set with the first point of the first ROI's first contour moved to x.
        func mutantStructures(_ name: String, x: Double) throws -> String {
            var set = try DICOMReader.readStructureSet(at: path(DemoCase.structures))
            set.rois[0].contours[0].points[0].x = x
            try DICOMWriter.writeStructureSet(set, to: path(name))
            return path(name)
        }

        var courses: [String] {
            ["--course1-dose", path(DemoCase.course1Dose), "--course1-fractions", "35",
             "--course2-dose", path(DemoCase.course2Dose), "--course2-fractions", "30"]
        }

        /// Runs dosesum; expects exit 2, every word in the first stderr line, and none of `outputs` written.
        func expectRefused(_ arguments: [String], naming words: [String], outputs: [String] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
            let r = try CLI.run(arguments)
            let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(r.status == 2, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
            for w in words { #expect(first.contains(w), "'\(first)' lacks \(w)", sourceLocation: sourceLocation) }
            for o in outputs { #expect(!FileManager.default.fileExists(atPath: o), "\(o) was written", sourceLocation: sourceLocation) }
        }
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func implausibleDICOMValuesNameFileAndTag() throws {
        let c = try Case()
        let scaled = try c.mutantDose("rd_scaling_1e9.dcm", [.doseGridScaling: "1e9"])
        let json = c.out("c4.json"), html = c.out("c4.html")
        // C4: check with reports asked for; nothing written.
        try c.expectRefused(["check", "--course1-dose", c.path(DemoCase.course1Dose), "--course1-fractions", "35",
                             "--course2-dose", scaled, "--course2-fractions", "30", "--structures", c.path(DemoCase.structures),
                             "--json", json, "--html", html],
                            naming: ["rd_scaling_1e9.dcm", "(3004,000E) DoseGridScaling", "1000"], outputs: [json, html])
        // U1–U3: beyond Float in inspect, metrics and export.
        let huge = try c.mutantDose("rd_scaling_1e30.dcm", [.doseGridScaling: "1e30"])
        try c.expectRefused(["inspect", "--json", huge], naming: ["rd_scaling_1e30.dcm", "DoseGridScaling"])
        try c.expectRefused(["metrics", "--dose", huge, "--structures", c.path(DemoCase.structures)], naming: ["rd_scaling_1e30.dcm", "DoseGridScaling"])
        let exported = c.out("u3.dcm")
        try c.expectRefused(["export", "--course1-dose", c.path(DemoCase.course1Dose), "--course1-fractions", "35",
                             "--course2-dose", huge, "--course2-fractions", "30", "--default-alpha-beta", "2", "--output", exported],
                            naming: ["rd_scaling_1e30.dcm", "DoseGridScaling"], outputs: [exported])
        // U4, C1d, C1e, C2, C3c.
        let noFrame = try c.mutantDose("rd_no_for.dcm", [.frameOfReferenceUID: nil])
        try c.expectRefused(["metrics", "--dose", noFrame, "--structures", c.path(DemoCase.structures)],
                            naming: ["rd_no_for.dcm", "(0020,0052) FrameOfReferenceUID"])
        let far = try c.mutantDose("rd_ipp.dcm", [.imagePositionPatient: "1e308\\0\\0"])
        try c.expectRefused(["metrics", "--dose", far, "--structures", c.path(DemoCase.structures)], naming: ["rd_ipp.dcm", "ImagePositionPatient"])
        let fine = try c.mutantDose("rd_ps.dcm", [.pixelSpacing: "1e-30\\2.5"])
        try c.expectRefused(["inspect", fine], naming: ["rd_ps.dcm", "PixelSpacing"])
        let frames = try DICOMReader.readDoseHeader(at: c.path(DemoCase.course2Dose)).frames
        let offsets = (0..<frames).map { $0 == frames - 1 ? "1e7" : String($0 * 3) }.joined(separator: "\\")
        let stretched = try c.mutantDose("rd_gfov.dcm", [.gridFrameOffsetVector: offsets])
        try c.expectRefused(["inspect", stretched], naming: ["rd_gfov.dcm", "GridFrameOffsetVector"])
        let rgb = try c.mutantDose("rd_spp.dcm", [.samplesPerPixel: "3"])
        try c.expectRefused(["inspect", rgb], naming: ["rd_spp.dcm", "SamplesPerPixel"])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func implausibleContoursNameFileAndTag() throws {
        let c = try Case()
        for x in [1e308, 4_294_967_296] {
            let rs = try c.mutantStructures("rs_\(Int(x.exponent)).dcm", x: x)
            try c.expectRefused(["metrics", "--dose", c.path(DemoCase.course2Dose), "--structures", rs],
                                naming: ["rs_\(Int(x.exponent)).dcm", "(3006,0050) ContourData"])
            try c.expectRefused(["check"] + c.courses + ["--structures", rs], naming: ["rs_\(Int(x.exponent)).dcm", "ContourData"])
        }
    }

    /// C3f–C3h and `--max-memory`: refused before anything is allocated or written.
    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func gridsBeyondTheMemoryBudgetAreRefusedUpFront() throws {
        let c = try Case()
        let rs = ["--structures", c.path(DemoCase.structures)]
        // C3g: check accepts the composite requests export accepts, so a 0.001 mm common grid is refused
        // up front although check itself samples on the patient-anchored lattice.
        try c.expectRefused(["check"] + c.courses + rs + ["--grid", "0.001"], naming: ["course1_rtdose.dcm", "0.001 × 0.001 × 0.001 mm", "budget"])
        // A grid export could make is accepted, and check says its metrics do not depend on it.
        let g = try CLI.run(["check"] + c.courses + rs + ["--grid", "1.5"])
        #expect(g.status == 0 || g.status == 3, "exit \(g.status): \(g.stderr)")
        #expect((g.stdout + g.stderr).contains("1.5 mm") && (g.stdout + g.stderr).contains("patient-anchored"), "\(g.stdout)")
        let out = c.out("c3h.dcm")
        try c.expectRefused(["export"] + c.courses + ["--default-alpha-beta", "2", "--grid", "0.1", "--output", out],
                            naming: ["export grid", "0.1 × 0.1 × 0.1 mm", "budget"], outputs: [out])
        try c.expectRefused(["export"] + c.courses + ["--default-alpha-beta", "2", "--matrix", "1,0,0,1e6,0,1,0,0,0,0,1,0,0,0,0,1", "--output", out],
                            naming: ["--matrix", "1000000"], outputs: [out])
        // The demo doses take well over 1 MiB each (stored samples + Floats): a 1M budget refuses the first.
        try c.expectRefused(["check"] + c.courses + rs + ["--max-memory", "1M"], naming: ["course1_rtdose.dcm", "Rows", "budget of 1.0 MiB"])
        try c.expectRefused(["check"] + c.courses + rs + ["--max-memory", "lots"], naming: ["--max-memory", "lots"])
        try c.expectRefused(["inspect", c.path(DemoCase.course2Dose), "--max-memory", "1M"], naming: ["course2_rtdose.dcm", "Rows", "budget"])
        try c.expectRefused(["metrics", "--dose", c.path(DemoCase.course2Dose)] + rs + ["--max-memory", "1M"],
                            naming: ["course2_rtdose.dcm", "Rows", "budget"])
        #expect(try CLI.run(["inspect", c.path(DemoCase.course2Dose), "--max-memory", "64M"]).status == 0)
    }

    /// U5 and the α/β limit: negative numbers are option values, checked for what they mean.
    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func negativeNumbersAreValuesAndLimitsAreChecked() throws {
        let c = try Case()
        let rs = ["--structures", c.path(DemoCase.structures)]
        var args = ["check"] + c.courses + rs
        args[args.firstIndex(of: "30")!] = "-1"
        try c.expectRefused(args, naming: ["--course2-fractions", "positive", "-1"])
        try c.expectRefused(["budget", "--course1-dose", c.path(DemoCase.course1Dose), "--course1-fractions", "35"] + rs
                            + ["--course2-fractions", "30", "--default-alpha-beta", "1e-320"], naming: ["--default-alpha-beta", "0.01"])
        try c.expectRefused(["check"] + c.courses + rs + ["--default-alpha-beta", "-2"], naming: ["--default-alpha-beta", "-2"])
        let rotated = try CLI.run(["check"] + c.courses + rs + ["--matrix", "-1 0 0 0 0 -1 0 0 0 0 1 0 0 0 0 1"])
        #expect(rotated.status == 0 || rotated.status == 1, "\(rotated.stderr)")
        #expect(!rotated.stderr.contains("Missing value"))
    }

    /// C5, U9 and a directory as --protocol: the manifest and protocol are checked before any patient runs.
    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func manifestsAndProtocolFilesAreCheckedFirst() throws {
        let c = try Case()
        let deep = c.out("deep.yaml")
        try String(repeating: "[", count: 100_000).write(toFile: deep, atomically: true, encoding: .utf8)
        try c.expectRefused(["batch", deep, "--out", c.out("b5")], naming: ["deep.yaml", "nested"], outputs: [c.out("b5")])
        let manifest = c.out("ids.csv")
        let row = [c.path(DemoCase.course1Dose), "35", c.path(DemoCase.course2Dose), "30", c.path(DemoCase.structures)].joined(separator: ",")
        try ("id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures\nok," + row + "\n"
             + String(repeating: "x", count: 300) + "," + row + "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        try c.expectRefused(["batch", manifest, "--out", c.out("b9")], naming: ["ids.csv", "line 3", "'id'", "300 characters"],
                            outputs: [c.out("b9")])
        let folder = c.out("limits.yaml")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for p in [folder, c.out("")] {
            try c.expectRefused(["check"] + c.courses + ["--structures", c.path(DemoCase.structures), "--protocol", p],
                                naming: [p, "is a directory", "constraint set"])
        }
    }
}

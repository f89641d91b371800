import Foundation
import Testing

/// Issue 19: the fuzz-repro cases of the input half (C1a–C5, U1–U5, U9), replayed from
/// `../shared/data/fuzz-repro` exactly as its `run.sh` does: each ends with exit 2 and a one-line
/// message naming the offending file (and tag or field), nothing written. Skipped, with the reason,
/// when the shared data is absent; `MutatedInputTests` rebuilds the same inputs in code.
@Suite(.serialized) struct FuzzReproTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reproFolder = repo.deletingLastPathComponent().appendingPathComponent("shared/data/fuzz-repro")
    static let demo = repo.appendingPathComponent("Fixtures/demo").path
    static let available = CLI.executable != nil && FileManager.default.fileExists(atPath: reproFolder.appendingPathComponent("run.sh").path)
        && FileManager.default.fileExists(atPath: demo + "/rtstruct.dcm")

    struct Case: Sendable, CustomStringConvertible {
        var id: String
        var arguments: [String]
        /// Words the first line of stderr must contain (the offending file, then the tag or field).
        var words: [String]
        var description: String { id }
    }

    static let f = demo
    static let c1 = ["--course1-dose", f + "/course1_rtdose.dcm", "--course1-plan", f + "/course1_rtplan.dcm"]
    static let c2 = ["--course2-dose", f + "/course2_rtdose.dcm", "--course2-plan", f + "/course2_rtplan.dcm"]
    static let p2 = ["--course2-plan", f + "/course2_rtplan.dcm"]
    static let rs = ["--structures", f + "/rtstruct.dcm"]
    /// Outputs go to a folder the test creates and checks is still empty afterwards.
    static let out = "OUT"

    static let cases: [Case] = [
        Case(id: "C1a", arguments: ["metrics", "--dose", f + "/course2_rtdose.dcm", "--structures", "rs_contour_x_1e308.dcm", "--json"],
             words: ["rs_contour_x_1e308.dcm", "ContourData"]),
        Case(id: "C1b", arguments: ["check"] + c1 + c2 + ["--structures", "rs_fuzz_struct_0056_coord_1e308.dcm"],
             words: ["rs_fuzz_struct_0056_coord_1e308.dcm", "ContourData"]),
        Case(id: "C1c", arguments: ["export"] + c1 + c2 + ["--structures", "rs_contour_x_1e308.dcm", "--alpha-beta", "BrainStem=2",
                                                          "--default-alpha-beta", "2", "--output", out + "/c1c.dcm"],
             words: ["rs_contour_x_1e308.dcm", "ContourData"]),
        Case(id: "C1d", arguments: ["metrics", "--dose", "rd_ipp_1e308.dcm"] + rs, words: ["rd_ipp_1e308.dcm", "ImagePositionPatient"]),
        Case(id: "C1e", arguments: ["check"] + c1 + ["--course2-dose", "rd_pixelspacing_1e-30.dcm"] + p2 + rs,
             words: ["rd_pixelspacing_1e-30.dcm", "PixelSpacing"]),
        Case(id: "C1f", arguments: ["budget", "--course1-dose", "rd_pixelspacing_1e300.dcm", "--course1-fractions", "35"] + rs
                                   + ["--course2-fractions", "30"],
             words: ["rd_pixelspacing_1e300.dcm", "PixelSpacing"]),
        Case(id: "C2", arguments: ["inspect", "rd_gfov_last_1e308.dcm"], words: ["rd_gfov_last_1e308.dcm", "GridFrameOffsetVector"]),
        Case(id: "C3a", arguments: ["metrics", "--dose", f + "/course2_rtdose.dcm", "--structures", "rs_fuzz_struct_0005_coord_4294967296.dcm"],
             words: ["rs_fuzz_struct_0005_coord_4294967296.dcm", "ContourData"]),
        Case(id: "C3b", arguments: ["check"] + c1 + c2 + ["--structures", "rs_contour_x_4294967296.dcm"],
             words: ["rs_contour_x_4294967296.dcm", "ContourData"]),
        Case(id: "C3c", arguments: ["inspect", "rd_gfov_last_1e7.dcm"], words: ["rd_gfov_last_1e7.dcm", "GridFrameOffsetVector"]),
        Case(id: "C3d", arguments: ["check"] + c1 + ["--course2-dose", "rd_gfov_step_1e-4.dcm"] + p2 + rs,
             words: ["rd_gfov_step_1e-4.dcm", "GridFrameOffsetVector"]),
        Case(id: "C3e", arguments: ["export"] + c1 + ["--course2-dose", "rd_ipp_1e12.dcm"] + p2 + ["--default-alpha-beta", "2", "--output", out + "/c3e.dcm"],
             words: ["rd_ipp_1e12.dcm", "ImagePositionPatient"]),
        Case(id: "C3f", arguments: ["export"] + c1 + c2 + ["--default-alpha-beta", "2", "--matrix", "1,0,0,1e6,0,1,0,0,0,0,1,0,0,0,0,1",
                                                          "--output", out + "/c3f.dcm"],
             words: ["--matrix", "1000000"]),
        Case(id: "C3g", arguments: ["check"] + c1 + c2 + rs + ["--grid", "0.001"], words: ["course1_rtdose.dcm", "0.001 × 0.001 × 0.001 mm", "budget"]),
        Case(id: "C3h", arguments: ["export"] + c1 + c2 + ["--default-alpha-beta", "2", "--grid", "0.1", "--output", out + "/c3h.dcm"],
             words: ["course1_rtdose.dcm", "0.1 × 0.1 × 0.1 mm", "budget"]),
        Case(id: "C4", arguments: ["check"] + c1 + ["--course2-dose", "rd_scaling_1e9.dcm"] + p2 + rs
                                  + ["--json", out + "/c4.json", "--html", out + "/c4.html"],
             words: ["rd_scaling_1e9.dcm", "DoseGridScaling"]),
        Case(id: "C5", arguments: ["batch", "batch_deep_nesting.yaml", "--out", out + "/b5"], words: ["batch_deep_nesting.yaml", "nested"]),
        Case(id: "U1", arguments: ["inspect", "--json", "rd_fuzz_dose_0050_scaling_1e30.dcm"],
             words: ["rd_fuzz_dose_0050_scaling_1e30.dcm", "DoseGridScaling"]),
        Case(id: "U2", arguments: ["metrics", "--dose", "rd_scaling_1e30.dcm"] + rs, words: ["rd_scaling_1e30.dcm", "DoseGridScaling"]),
        Case(id: "U3", arguments: ["export"] + c1 + ["--course2-dose", "rd_scaling_1e30.dcm"] + p2 + ["--default-alpha-beta", "2", "--output", out + "/u3.dcm"],
             words: ["rd_scaling_1e30.dcm", "DoseGridScaling"]),
        Case(id: "U4", arguments: ["metrics", "--dose", "rd_no_frame_of_reference.dcm"] + rs,
             words: ["rd_no_frame_of_reference.dcm", "(0020,0052) FrameOfReferenceUID"]),
        Case(id: "U5a", arguments: ["check"] + c1 + ["--course2-dose", f + "/course2_rtdose.dcm", "--course2-fractions", "-1"] + rs,
             words: ["--course2-fractions", "positive"]),
        Case(id: "U9", arguments: ["batch", "batch_id_300chars.csv", "--out", out + "/b9"], words: ["batch_id_300chars.csv", "line 2", "'id'", "300"]),
    ]

    @Test(.enabled(if: available, "../shared/data/fuzz-repro, Fixtures/demo or the dosesum executable is absent: replay skipped"),
          arguments: cases)
    func replayEndsWithExit2AndAMessageNamingTheInput(_ c: Case) throws {
        let outFolder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outFolder) }
        let arguments = c.arguments.map { $0.hasPrefix(Self.out + "/") ? outFolder.path + $0.dropFirst(Self.out.count) : $0 }
        let r = try CLI.run(arguments, in: Self.reproFolder)
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(r.status == 2, "\(c.id): exit \(r.status), stderr: \(r.stderr)")
        for w in c.words { #expect(first.contains(w), "\(c.id): '\(first)' lacks \(w)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outFolder.path).isEmpty, "\(c.id) wrote something")
    }

    /// U5b: a space-separated matrix starting with a negative number (a 180° rotation about z) is an
    /// option value, not an option: it parses and the check runs (exit 0 or 1, not a usage error).
    @Test(.enabled(if: available, "../shared/data/fuzz-repro, Fixtures/demo or the dosesum executable is absent: replay skipped"))
    func negativeMatrixParses() throws {
        let r = try CLI.run(["check"] + Self.c1 + Self.c2 + Self.rs + ["--matrix", "-1 0 0 0 0 -1 0 0 0 0 1 0 0 0 0 1"], in: Self.reproFolder)
        #expect(r.status == 0 || r.status == 1, "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Missing value") && r.stdout.contains("explicit matrix"), "\(r.stdout)")
    }
}

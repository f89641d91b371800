import DICOMIO
import Foundation
import Testing
import DoseSumKit
import TestSupport

/// `dosesum export`: the composite EQD2 written as an RTDOSE must read back equal to an independent
/// computation (pydicom + scipy trilinear resampling + EQD2 of the stored samples, in
/// scripts/crosscheck/export_composite.py) to within one quantisation step.
@Suite(.serialized) struct ExportCommandTests {
    static let available = CLI.executable != nil
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let crossCheckAvailable = available && SharedRequirement.pythonHas("pydicom, scipy, numpy")

    func exportArguments(_ f: DemoFolder, output: String) -> [String] {
        ["export", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-fractions", "35",
         "--course2-dose", f.path(DemoCase.course2Dose), "--course2-fractions", "30",
         "--default-alpha-beta", "2", "--output", output]
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func exportReadsBackAsAnEffectiveDoseInTheCourse2Frame() throws {
        let f = try DemoFolder()
        let out = f.out("composite.dcm")
        let r = try CLI.run(exportArguments(f, output: out))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (dose, _) = try DICOMReader.readDose(at: out)
        let (course2, _) = try DICOMReader.readDose(at: f.path(DemoCase.course2Dose))
        #expect(dose.doseType == .effective)
        #expect(dose.frameOfReference == course2.frameOfReference)
        #expect(dose.sopInstanceUID != course2.sopInstanceUID)
        // Never overwritten without --force; with it, a new UID.
        let again = try CLI.run(exportArguments(f, output: out))
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists already"))
        #expect(try CLI.run(exportArguments(f, output: out) + ["--force"]).status == 0)
        let (rewritten, _) = try DICOMReader.readDose(at: out)
        #expect(rewritten.sopInstanceUID != dose.sopInstanceUID)
    }

    @Test(.requires(crossCheckAvailable, "needs the dosesum executable and python3 with pydicom, scipy and numpy"))
    func exportEqualsAnIndependentResamplingAndEQD2() throws {
        let f = try DemoFolder()
        let out = f.out("composite.dcm")
        #expect(try CLI.run(exportArguments(f, output: out)).status == 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.repo.appendingPathComponent("scripts/crosscheck/export_composite.py").path,
                       f.path(DemoCase.course1Dose), "35", f.path(DemoCase.course2Dose), "30", "2", out]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        print("export cross-check (max |diff| Gy, scaling Gy, voxels): \(text)")
        #expect(p.terminationStatus == 0, "independent composite differs by more than one quantisation step: \(text)")
    }
}

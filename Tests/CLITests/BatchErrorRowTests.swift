import DICOMIO
import Foundation
import Testing
import TestSupport
import DoseSumKit
import RTCore

/// Every kind of bad patient becomes an error row naming its cause, and none stops the others.
/// (These fail while loading, before any dose is computed, so the test is fast.)
struct BatchErrorRowTests {
    @Test func badPatientsBecomeErrorRows() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-batch-bad"), dir = tmp.url
        defer { tmp.remove() }
        let c = dir.appendingPathComponent("case").path
        try DemoCase.write(to: c, overwrite: false)
        // Not DICOM at all.
        try "not a DICOM file".write(toFile: dir.appendingPathComponent("corrupt.dcm").path, atomically: true, encoding: .utf8)
        // Course 1's dose in another frame of reference, and no registration or matrix given.
        var other = DemoPhantom.doseDistribution(DemoPhantom.course1, on: DemoPhantom.course1Geometry, label: "other frame")
        other.frameOfReference = "2.25.1234567"
        try DICOMWriter.writeDose(other, to: dir.appendingPathComponent("other-frame.dcm").path, seriesDescription: "other frame", overwrite: false)
        let csv = """
            id,course1_dose,course1_fractions,course1_plan,course2_dose,course2_fractions,structures
            corrupt,corrupt.dcm,35,,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures)
            frames,other-frame.dcm,35,,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures)
            plan-is-not-a-plan,case/\(DemoCase.course1Dose),,case/\(DemoCase.structures),case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures)
            """
        try csv.write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let s = try BatchRunner.run(try BatchManifest.load(dir.appendingPathComponent("m.csv").path),
                                    options: BatchOptions(outputFolder: dir.appendingPathComponent("out").path, jobs: 2))
        #expect(s.patients.map(\.id) == ["corrupt", "frames", "plan-is-not-a-plan"])
        #expect(s.patients.allSatisfy { $0.status == .error && $0.reportFolder == nil })
        #expect(s.exitStatus == 2)
        let reasons = s.patients.map { $0.error ?? "" }
        #expect(reasons[0].contains("corrupt.dcm"))
        #expect(reasons[1].contains("other-frame.dcm") && reasons[1].contains("2.25.1234567") && reasons[1].contains("registration"))
        #expect(reasons[2].contains(DemoCase.structures) && reasons[2].contains("RTPLAN"))
    }
}

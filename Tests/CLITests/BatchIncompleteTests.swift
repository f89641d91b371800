import DoseSumKit
import Foundation
import RTCore
import Testing

/// A batch row whose check is incomplete is `incomplete` with its reason, and the batch exits 3 when
/// no patient exceeds or errs; the manifest's `absent` field makes the same patient complete.
@Suite struct BatchIncompleteTests {
    @Test func incompleteRowsAndExitStatus() throws {
        let folder = try DemoFolder()
        let rs = "case/\(DemoCase.structures)", c1 = "case/\(DemoCase.course1Dose)", c2 = "case/\(DemoCase.course2Dose)"
        // NPC-2021 names both carotids; the demo phantom has only the left one.
        try """
            id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures,interval_months,absent
            open,\(c1),35,\(c2),30,\(rs),30,
            declared,\(c1),35,\(c2),30,\(rs),30,A_Carotid_R
            """.write(toFile: folder.out("m.csv"), atomically: true, encoding: .utf8)
        let summary = try BatchRunner.run(try BatchManifest.load(folder.out("m.csv")),
                                          options: BatchOptions(outputFolder: folder.out("out"), jobs: 2)) { _ in }
        #expect(summary.patients.map(\.status) == [.incomplete, .within])
        #expect(summary.patients[0].reason?.contains("no ROI mapped to A_Carotid_R") == true, "\(summary.patients[0].reason ?? "nil")")
        #expect(summary.patients[1].reason == nil)
        #expect(summary.exitStatus == 3)
        #expect(summary.counts == ["within": 1, "exceeds": 0, "incomplete": 1, "error": 0])
        let csv = try String(contentsOfFile: folder.out("out/summary.csv"), encoding: .utf8)
        #expect(csv.contains("open,incomplete,"))
        // A bad organ name in the manifest stops the batch before anything runs, naming row and field.
        try """
            id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures,absent
            x,\(c1),35,\(c2),30,\(rs),Gizzard
            """.write(toFile: folder.out("bad.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DoseSumError.self) { try BatchManifest.load(folder.out("bad.csv")) }
        do { _ = try BatchManifest.load(folder.out("bad.csv")) } catch let e as DoseSumError {
            #expect(e.description.contains("line 2") && e.description.contains("field 'absent'") && e.description.contains("Gizzard"))
        }
    }
}

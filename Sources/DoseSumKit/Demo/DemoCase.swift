import DICOMIO
import Foundation
import OutputFiles
import RTCore
import RTModel

/// The files of the embedded demo case (`Fixtures/demo`), written from `DemoPhantom` by
/// `dosesum make-demo-fixture`, and the check request `dosesum demo` runs on them.
public enum DemoCase {
    public static let course1Dose = "course1_rtdose.dcm"
    public static let course2Dose = "course2_rtdose.dcm"
    public static let course1Plan = "course1_rtplan.dcm"
    public static let course2Plan = "course2_rtplan.dcm"
    public static let structures = "rtstruct.dcm"
    public static let files = [course1Dose, course2Dose, course1Plan, course2Plan, structures]
    /// Months between the courses in the demo story (for interval-conditioned limits).
    public static let intervalMonths = 30.0

    /// Writes the five DICOM files of the demo case into `folder` (created if needed).
    public static func write(to folder: String, overwrite: Bool) throws {
        let dir = URL(fileURLWithPath: folder)
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try OutputPlan(outputs: files.map { .init(label: "the demo fixture", path: path($0)) }, overwrite: overwrite,
                       createsFolders: true).check()
        try AtomicFileWriter.makeDirectory(folder)
        let p = DemoPhantom.self
        let plan1 = try DICOMWriter.writePlan(fractions: p.course1Fractions, prescription: Gray(70), label: "C1 70Gy/35",
                                              frameOfReference: p.frameOfReference, patient: p.patient,
                                              to: path(course1Plan), overwrite: overwrite)
        let plan2 = try DICOMWriter.writePlan(fractions: p.course2Fractions, prescription: Gray(60), label: "C2 60Gy/30",
                                              frameOfReference: p.frameOfReference, patient: p.patient,
                                              to: path(course2Plan), overwrite: overwrite)
        var d1 = p.doseDistribution(p.course1, on: p.course1Geometry, label: "course 1")
        d1.referencedPlanUIDs = [plan1]
        var d2 = p.doseDistribution(p.course2, on: p.course2Geometry, label: "course 2")
        d2.referencedPlanUIDs = [plan2]
        try DICOMWriter.writeDose(d1, to: path(course1Dose), seriesDescription: "DEMO course 1 (70 Gy / 35 fx)", overwrite: overwrite)
        try DICOMWriter.writeDose(d2, to: path(course2Dose), seriesDescription: "DEMO course 2 (60 Gy / 30 fx)", overwrite: overwrite)
        try DICOMWriter.writeStructureSet(p.structureSet(), to: path(structures), overwrite: overwrite)
    }

    /// Organs the NPC-2021 set names that the phantom does not have: the right carotid, and the
    /// targets (its structure set holds organs at risk only).
    public static let absentOrgans = [Organ(.carotid, .right)!, Organ(.gtv)!, Organ(.ptv)!]

    /// The check `dosesum demo` runs: both plans give the fraction counts, NPC-2021 limits. The phantom
    /// has only the left carotid, so the right one is declared absent (its rows are `absent
    /// (declared)`), which keeps the demo a complete check.
    public static func request(folder: String) -> CheckRequest {
        let dir = URL(fileURLWithPath: folder)
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        return CheckRequest(
            composite: CompositeRequest(courses: [
                CourseInput(label: "course1", dosePath: path(course1Dose), planPath: path(course1Plan)),
                CourseInput(label: "course2", dosePath: path(course2Dose), planPath: path(course2Plan)),
            ], structuresPath: path(structures)),
            intervalMonths: intervalMonths, absentOrgans: absentOrgans)
    }

    /// The demo folder: `Fixtures/demo` under the working directory, else beside the executable's package.
    public static func locateFixture(executablePath: String) -> String? {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Fixtures/demo"),
            URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("../../../Fixtures/demo").standardized,
            URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("../../Fixtures/demo").standardized,
        ]
        return candidates.first { url in
            files.allSatisfy { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
        }?.path
    }
}

import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Every bad input gives a `DoseSumError` of the right kind whose one-line description names the
/// file and the attribute keyword.
@Suite("Bad inputs")
struct BadInputTests {
    /// Writes the synthetic dose with `overrides` and reads it back as a dose.
    func readBroken(_ overrides: [DICOMTag: String?]) throws -> (DoseDistribution, [Diagnostic]) {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), path = tmp.file("broken.dcm")
        defer { tmp.remove() }
        try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "broken", overrides: overrides)
        return try DICOMReader.readDose(at: path)
    }

    @Test func notDICOMEmptyDirectoryAndMissing() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        try Data("hello, this is not DICOM\n".utf8).write(to: URL(fileURLWithPath: dir + "/text.dcm"))
        expectError(.notDICOM, mentioning: ["text.dcm"]) { _ = try DICOMReader.readDose(at: dir + "/text.dcm") }
        FileManager.default.createFile(atPath: dir + "/empty.dcm", contents: Data())
        expectError(.notDICOM, mentioning: ["empty.dcm", "empty"]) { _ = try DICOMReader.readDose(at: dir + "/empty.dcm") }
        expectError(.io, mentioning: [dir, "directory"]) { _ = try DICOMReader.readDose(at: dir) }
        expectError(.io, mentioning: ["nothere.dcm"]) { _ = try DICOMReader.readDose(at: dir + "/nothere.dcm") }
    }

    @Test func truncatedFile() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        try DICOMWriter.writeDose(syntheticDose(size: [20, 20, 10]), to: dir + "/full.dcm", seriesDescription: "t")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/full.dcm"))
        try data.prefix(data.count - 5000).write(to: URL(fileURLWithPath: dir + "/cut.dcm"))
        do {
            _ = try DICOMReader.readDose(at: dir + "/cut.dcm")
            Issue.record("a truncated dose was read")
        } catch let e as DoseSumError {
            #expect(e.kind == .notDICOM && e.description.contains("cut.dcm") && e.description.contains("truncated"))
        }
    }

    @Test func wrongModality() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: "1.2.3", rois: []), to: dir + "/rs.dcm")
        expectError(.wrongModality, mentioning: ["rs.dcm", "(0008,0060) Modality", "RTDOSE", "RTSTRUCT"]) {
            _ = try DICOMReader.readDose(at: dir + "/rs.dcm")
        }
        expectError(.wrongModality, mentioning: ["RTPLAN"]) { _ = try DICOMReader.readPlan(at: dir + "/rs.dcm") }
    }

    @Test func missingPixelData() {
        expectError(.missingAttribute, mentioning: ["(7FE0,0010) PixelData"]) { _ = try readBroken([.pixelData: nil]) }
    }

    @Test(arguments: ["0,000001", "0", "-1", "NaN", ""])
    func badDoseGridScaling(_ text: String) {
        let kind: DoseSumError.Kind = text.isEmpty ? .missingAttribute : .invalidValue
        expectError(kind, mentioning: ["(3004,000E) DoseGridScaling"]) { _ = try readBroken([.doseGridScaling: text]) }
    }

    @Test func nonOrthonormalOrientation() {
        expectError(.geometry, mentioning: ["ImageOrientationPatient", "orthonormal"]) {
            _ = try readBroken([.imageOrientationPatient: "1\\0\\0\\0.6\\0.6\\0"])
        }
    }

    @Test func absurdDimensionsAreRefusedBeforeAllocating() {
        expectError(.invalidValue, mentioning: ["Rows", "NumberOfFrames", "memory"]) {
            _ = try readBroken([.rows: "65535", .columns: "65535", .numberOfFrames: "2000000"])
        }
    }

    @Test func pixelDataShorterThanHeader() {
        expectError(.invalidValue, mentioning: ["PixelData", "expected"]) { _ = try readBroken([.rows: "30"]) }
    }

    @Test func offsetCountMustMatchFrames() {
        expectError(.invalidValue, mentioning: ["GridFrameOffsetVector", "5"]) {
            _ = try readBroken([.gridFrameOffsetVector: "0\\3"])
        }
        expectError(.geometry, mentioning: ["GridFrameOffsetVector"]) {
            _ = try readBroken([.gridFrameOffsetVector: "0\\3\\3\\6\\9"])
        }
    }

    @Test func missingOffsetsForMultiFrame() {
        expectError(.missingAttribute, mentioning: ["GridFrameOffsetVector"]) { _ = try readBroken([.gridFrameOffsetVector: nil]) }
    }

    /// Stored frames at 0, 3, 6, 12, 15 mm (values 100 k + base) resampled onto a 3 mm step: the frame at
    /// 9 mm is the mean of stored frames 2 and 3, i.e. base + 250.
    @Test func unevenOffsetsAreResampledWithWarning() throws {
        let (dose, diags) = try readBroken([.gridFrameOffsetVector: "0\\3\\6\\12\\15"])
        #expect(diags.contains { $0.code == "dose.frame-offsets-uneven" && $0.severity == .warning })
        let g = dose.grid.geometry
        #expect(g.size == SIMD3(4, 3, 6) && abs(g.spacing.z - 3) < 1e-12)
        for (k, expected) in [(0, 0.0), (2, 200), (3, 250), (4, 300), (5, 400)] {
            #expect(abs(Double(dose.grid[1, 2, k]) - (0.5 + 1 + 20 + expected)) < 1e-4)
        }
    }

    /// Absolute offsets (first = IPP z = −33.125 for an axial grid) describe the same grid as relative ones.
    @Test func absoluteOffsetsMatchRelative() throws {
        let (dose, diags) = try readBroken([.gridFrameOffsetVector: "-33.125\\-30.125\\-27.125\\-24.125\\-21.125"])
        #expect(dose.grid.geometry.isSame(as: syntheticDose().grid.geometry))
        #expect(diags.isEmpty)
    }

    @Test func fractionLabelledPlanTotalRule() throws {
        // Synthetic maximum 423.5 Gy labelled FRACTION, no plan: above the 25 Gy per-fraction limit.
        let (_, diags) = try readBroken([.doseSummationType: "FRACTION"])
        #expect(diags.contains { $0.code == "dose.fraction-labelled-plan-total" })
        let plan = PlanFractionation(sopInstanceUID: "1", fractionGroups: [.init(number: 1, fractionsPlanned: 30)], prescriptionDose: Gray(60))
        // 2 Gy per fraction: 2.3 Gy max is plausible, 62 Gy (the plan total) is not (limit 2.5 × 2 = 5 Gy).
        #expect(DoseTraps.fractionLabelledPlanTotal(summationType: "FRACTION", maxDose: 2.3, plan: plan, subject: nil) == nil)
        #expect(DoseTraps.fractionLabelledPlanTotal(summationType: "FRACTION", maxDose: 62, plan: plan, subject: nil) != nil)
        #expect(DoseTraps.fractionLabelledPlanTotal(summationType: "PLAN", maxDose: 62, plan: plan, subject: nil) == nil)
    }
}

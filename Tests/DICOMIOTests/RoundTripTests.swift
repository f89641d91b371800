import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

@Suite("Write → read round trips")
struct RoundTripTests {
    /// Closed form D = 0.5 + i + 10 j + 100 k; the writer's scaling is max / (2^31 − 1), so every value
    /// must come back within half a quantisation step (plus Float rounding of the value itself).
    func expectSameDose(_ a: DoseDistribution, _ b: DoseDistribution) {
        #expect(b.grid.geometry.isSame(as: a.grid.geometry))
        let step = Double(a.grid.maximum) / 2_147_483_647
        let worst = zip(a.grid.values, b.grid.values).map { abs(Double($0) - Double($1)) }.max() ?? 0
        #expect(worst <= step / 2 + Double(a.grid.maximum.ulp))
    }

    @Test func doseRoundTripKeepsValuesGeometryAndReferences() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let dose = syntheticDose(summation: "MULTI_PLAN", plans: ["1.2.3.4.5", "1.2.3.4.6"])
        let path = dir + "/composite.dcm"
        let uid = try DICOMWriter.writeDose(dose, to: path, seriesDescription: "EQD2 composite")
        #expect(uid.rawValue.hasPrefix("2.25.") && uid.rawValue.count <= 64)
        let (back, diagnostics) = try DICOMReader.readDose(at: path)
        expectSameDose(dose, back)
        #expect(back.sopInstanceUID == uid)
        #expect(back.summationType == "MULTI_PLAN")
        #expect(back.referencedPlanUIDs == ["1.2.3.4.5", "1.2.3.4.6"])
        #expect(back.frameOfReference == dose.frameOfReference)
        #expect(back.patient.name == "Test^Patient" && back.patient.id == "DS-001" && back.patient.studyInstanceUID == "1.2.3.99")
        #expect(back.units == .gray && back.doseType == .physical)
        #expect(diagnostics.isEmpty)
        // No temporary files are left next to the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["composite.dcm"])
    }

    /// Head-first prone orientation with frames running against row × col (GammaPlan-like decreasing
    /// offsets): geometry must survive unchanged.
    @Test func rotatedGridWithDecreasingFramesRoundTrips() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let hfp = Matrix3(columns: [-1, 0, 0], [0, -1, 0], [0, 0, -1])
        let dose = syntheticDose(direction: hfp)
        try DICOMWriter.writeDose(dose, to: dir + "/hfp.dcm", seriesDescription: "t")
        let (back, _) = try DICOMReader.readDose(at: dir + "/hfp.dcm")
        expectSameDose(dose, back)
        let info = try DICOMReader.readDoseHeader(at: dir + "/hfp.dcm")
        #expect(info.frameOffsets == [0, -3, -6, -9, -12])
    }

    @Test func refusesToOverwriteUnlessAsked() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let path = dir + "/d.dcm"
        try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "a")
        #expect {
            try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "b")
        } throws: { error in
            guard let e = error as? DoseSumError else { return false }
            return e.kind == .io && e.description.contains(path) && e.description.contains("exists")
        }
        try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "b", overwrite: true)
    }

    @Test func multiPlanNeedsTwoPlans() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        #expect {
            try DICOMWriter.writeDose(syntheticDose(summation: "MULTI_PLAN", plans: ["1.2.3"]), to: dir + "/m.dcm", seriesDescription: "m")
        } throws: { ($0 as? DoseSumError)?.description.contains("ReferencedRTPlanSequence") == true }
    }

    @Test func structureSetRoundTrip() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let square = (0..<4).map { c -> SIMD3<Double> in
            let a = Double(c) * .pi / 2
            return SIMD3(10 + 7.25 * cos(a), -20.125 + 7.25 * sin(a), 1.5)
        }
        let rois = [
            ROI(number: ROINumber(3), name: "Rückenmark", generationAlgorithm: "MANUAL", interpretedType: "ORGAN",
                contours: [Contour(type: .closedPlanar, points: square),
                           Contour(type: .closedPlanar, points: square.map { $0 + SIMD3(0, 0, 2.5) })]),
            ROI(number: ROINumber(7), name: "Empty", interpretedType: "AVOIDANCE", contours: []),
            ROI(number: ROINumber(9), name: "Iso", interpretedType: "ISOCENTER", contours: [Contour(type: .point, points: [[1e-3, -123.456789, 1e4]])]),
        ]
        let s = StructureSet(frameOfReference: "1.2.3.4.55", rois: rois, label: "RT test")
        try DICOMWriter.writeStructureSet(s, to: dir + "/rs.dcm")
        let back = try DICOMReader.readStructureSet(at: dir + "/rs.dcm")
        #expect(back.frameOfReference == "1.2.3.4.55")
        #expect(back.rois.map(\.number) == [ROINumber(3), ROINumber(7), ROINumber(9)])
        #expect(back.rois.map(\.name) == ["Rückenmark", "Empty", "Iso"])
        #expect(back.rois.map(\.interpretedType) == ["ORGAN", "AVOIDANCE", "ISOCENTER"])
        #expect(back.rois[0].generationAlgorithm == "MANUAL")
        #expect(back.rois[0].contours.count == 2 && back.rois[1].contours.isEmpty)
        #expect(back.rois[2].contours[0].type == .point)
        let written = rois.flatMap { $0.contours.flatMap(\.points) }
        let read = back.rois.flatMap { $0.contours.flatMap(\.points) }
        #expect(written.count == read.count)
        #expect(zip(written, read).allSatisfy { length($0 - $1) < 1e-9 })
    }

    @Test func planRoundTrip() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let uid = try DICOMWriter.writePlan(fractions: 5, prescription: Gray(25), label: "SBRT", frameOfReference: "1.2.3", to: dir + "/rp.dcm")
        let p = try DICOMReader.readPlan(at: dir + "/rp.dcm")
        #expect(p.fractions == 5 && p.prescriptionDose == Gray(25) && p.label == "SBRT" && p.sopInstanceUID == uid)
    }

    /// 90° about z then a translation: p' = (−y + 10, x − 20.5, z + 3).
    static let rigid: [Double] = [0, -1, 0, 10, 1, 0, 0, -20.5, 0, 0, 1, 3, 0, 0, 0, 1]

    @Test func registrationRoundTrip() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let t = try RigidTransform(rowMajor4x4: Self.rigid)
        let reg = SpatialRegistration(frameOfReference: "1.2.3.1", entries: [
            .init(frameOfReference: "1.2.3.1", transform: .identity),
            .init(frameOfReference: "1.2.3.2", transform: t),
        ])
        try DICOMWriter.writeRegistration(reg, to: dir + "/reg.dcm")
        let back = try DICOMReader.readRegistration(at: dir + "/reg.dcm")
        #expect(back.frameOfReference == "1.2.3.1")
        #expect(back.entries.map(\.frameOfReference) == ["1.2.3.1", "1.2.3.2"])
        #expect(zip(back.entries[1].transform.rowMajor4x4, Self.rigid).allSatisfy { abs($0 - $1) < 1e-12 })
        let p = back.transform(from: "1.2.3.2", to: "1.2.3.1")!.apply([1, 2, 3])
        #expect(length(p - SIMD3(8, -19.5, 6)) < 1e-12)
    }

    @Test func registrationTypesOtherThanRigidAreRejected() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let reg = SpatialRegistration(frameOfReference: "1.2.3.1", entries: [.init(frameOfReference: "1.2.3.2", transform: .identity)])
        try DICOMWriter.writeRegistration(reg, to: dir + "/scaled.dcm", matrixType: "RIGID_SCALE",
                                          rawMatrices: [[2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]])
        #expect {
            _ = try DICOMReader.readRegistration(at: dir + "/scaled.dcm")
        } throws: { ($0 as? DoseSumError)?.description.contains("RIGID_SCALE") == true }
        try DICOMWriter.writeRegistration(reg, to: dir + "/unitscale.dcm", matrixType: "RIGID_SCALE")
        #expect(try DICOMReader.readRegistration(at: dir + "/unitscale.dcm").entries[0].transform.isIdentity)
        try DICOMWriter.writeRegistration(reg, to: dir + "/affine.dcm", matrixType: "AFFINE")
        #expect {
            _ = try DICOMReader.readRegistration(at: dir + "/affine.dcm")
        } throws: { error in
            guard let e = error as? DoseSumError else { return false }
            return e.kind == .unsupported && e.description.contains("FrameOfReferenceTransformationMatrixType")
        }
    }
}

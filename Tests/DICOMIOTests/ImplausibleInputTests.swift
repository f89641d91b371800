import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Issue 19: values pushed to extremes (the fuzz-repro mutants, rebuilt here from the synthetic dose
/// and structure set) are refused where they enter, with one line naming the file and the tag —
/// never a trap, never a runaway allocation.
@Suite("Implausible inputs")
struct ImplausibleInputTests {
    /// Runs `body` on a fresh folder and removes it afterwards, also when the body fails.
    func inFolder(_ body: (String) throws -> Void) throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        try body(dir)
    }

    /// The synthetic dose (maximum 423.5 Gy, 5 frames 3 mm apart) written with `overrides`, then read
    /// as a dose (`region` nil) or as `inspect` reads it (`readAny`).
    func readMutated(_ overrides: [DICOMTag: String?], region: VoxelBox? = nil, inspect: Bool = false,
                     budget: MemoryBudget = .default) throws {
        try inFolder { dir in
            let path = dir + "/mutant.dcm"
            try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "mutant", overrides: overrides)
            if inspect { _ = try DICOMReader.readAny(at: path) } else { _ = try DICOMReader.readDose(at: path, region: region, budget: budget) }
        }
    }

    // C1d, C3e: ImagePositionPatient 1e308 and 1e12.
    @Test(arguments: ["1e308\\0\\0", "1e12\\0\\0", "0\\0\\-20000.5"])
    func positionBeyondTenMetres(_ ipp: String) {
        expectError(.geometry, mentioning: ["mutant.dcm", "(0020,0032) ImagePositionPatient", "10000"]) {
            try readMutated([.imagePositionPatient: ipp])
        }
    }

    // C1e, C1f: PixelSpacing 1e-30 and 1e300.
    @Test(arguments: ["1e-30\\2.5", "1e300\\1e300", "2.5\\0.001"])
    func implausiblePixelSpacing(_ ps: String) {
        expectError(.geometry, mentioning: ["mutant.dcm", "(0028,0030) PixelSpacing"]) { try readMutated([.pixelSpacing: ps]) }
    }

    // C2, C3c, C3d: the last offset 1e308 or 1e7, a step of 1e-4 mm; also in `inspect` (readAny).
    @Test(arguments: ["0\\3\\6\\9\\1e308", "0\\3\\6\\9\\1e7", "0\\0.0001\\5\\10\\15"])
    func implausibleFrameOffsets(_ offsets: String) {
        for inspect in [false, true] {
            expectError(.geometry, mentioning: ["mutant.dcm", "(3004,000C) GridFrameOffsetVector"]) {
                try readMutated([.gridFrameOffsetVector: offsets], inspect: inspect)
            }
        }
    }

    /// Plausible but very uneven offsets (0.01 mm, then 100 mm steps) would be resampled into 30,001
    /// frames from 5 stored: refused, so `inspect` never allocates per offset beyond the pixel data.
    @Test func resamplingNeverMultipliesTheStoredFrames() {
        for inspect in [false, true] {
            expectError(.geometry, mentioning: ["mutant.dcm", "GridFrameOffsetVector", "30001", "5 stored"]) {
                try readMutated([.gridFrameOffsetVector: "0\\0.01\\100\\200\\300"], inspect: inspect)
            }
        }
    }

    // C4 (1e9: about 4e11 Gy) and U1–U3 (1e30: beyond Float), whole-grid, region and inspect reads.
    @Test(arguments: ["1e9", "1e30"])
    func dosesAboveAThousandGrayNameDoseGridScaling(_ scaling: String) {
        let words = ["mutant.dcm", "(3004,000E) DoseGridScaling", "1000"]
        expectError(.invalidValue, mentioning: words) { try readMutated([.doseGridScaling: scaling]) }
        expectError(.invalidValue, mentioning: words) {
            try readMutated([.doseGridScaling: scaling], region: VoxelBox(lower: [0, 0, 0], upper: [1, 1, 1]))
        }
        expectError(.invalidValue, mentioning: words) { try readMutated([.doseGridScaling: scaling], inspect: true) }
    }

    /// The synthetic maximum is 423.5 Gy; at 2.3× the scaling it is 974 Gy (accepted), at 2.4× 1016 Gy.
    @Test func theLimitIsOnTheDoseNotOnTheScaling() throws {
        try inFolder { dir in
            let path = dir + "/d.dcm"
            try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "d")
            let scaling = try DICOMReader.readDoseHeader(at: path).doseGridScaling
            for (factor, accepted) in [(2.3, true), (2.4, false)] {
                let mutant = dir + "/x\(factor).dcm"
                try DICOMWriter.writeDose(syntheticDose(), to: mutant, seriesDescription: "d",
                                          overrides: [.doseGridScaling: String(format: "%.10g", scaling * factor)])
                #expect(((try? DICOMReader.readDose(at: mutant)) != nil) == accepted, "factor \(factor)")
            }
        }
    }

    // U4: a dose without FrameOfReferenceUID names the dose file and the tag.
    @Test func missingFrameOfReferenceNamesTheDoseAndTheTag() {
        expectError(.missingAttribute, mentioning: ["mutant.dcm", "(0020,0052) FrameOfReferenceUID"]) {
            try readMutated([.frameOfReferenceUID: nil])
        }
    }

    @Test func samplesPerPixelOtherThanOneIsRefused() {
        expectError(.unsupported, mentioning: ["mutant.dcm", "(0028,0002) SamplesPerPixel", "3"]) {
            try readMutated([.samplesPerPixel: "3"])
        }
    }

    /// 4 × 3 × 5 samples of 4 bytes plus 4-byte Floats = 480 bytes: refused under a 400-byte budget.
    @Test func theDoseGridIsCheckedAgainstTheBudget() throws {
        expectError(.invalidValue, mentioning: ["mutant.dcm", "Rows", "480 bytes", "budget"]) {
            try readMutated([:], budget: MemoryBudget(bytes: 400))
        }
        try readMutated([:], budget: MemoryBudget(bytes: 480))
    }

    // C1a–C1c, C3a, C3b: a contour coordinate of 1e308 or 2³².
    @Test(arguments: [1e308, 4_294_967_296, -10_000.5])
    func contourCoordinatesBeyondTenMetres(_ x: Double) throws {
        try inFolder { dir in
            let path = dir + "/rs.dcm"
            let square: [SIMD3<Double>] = [[0, 0, 0], [10, 0, 0], [x, 10, 0], [0, 10, 0]]
            try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: "1.2.3", rois: [
                ROI(number: ROINumber(4), name: "Cord", contours: [Contour(type: .closedPlanar, points: square)]),
            ]), to: path)
            expectError(.invalidValue, mentioning: ["rs.dcm", "(3006,0050) ContourData", "ROI 4", "10000"]) {
                _ = try DICOMReader.readStructureSet(at: path)
            }
        }
    }

    /// NumberOfContourPoints 7 for a 4-point contour: read (ContourData decides), with a warning naming both.
    @Test func contourPointCountThatDisagreesIsAWarning() throws {
        try inFolder { dir in
            let path = dir + "/rs.dcm"
            let square: [SIMD3<Double>] = [[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0]]
            try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: "1.2.3", rois: [
                ROI(number: ROINumber(2), name: "Cord", contours: [Contour(type: .closedPlanar, points: square)]),
            ]), to: path, contourOverrides: [.numberOfContourPoints: "7"])
            let set = try DICOMReader.readStructureSet(at: path)
            #expect(set.rois[0].contours[0].points == square)
            let warning = try #require(set.diagnostics.first { $0.code == "structure.contour-point-count" })
            #expect(warning.severity == .warning && warning.subject == path)
            #expect(warning.message.contains("ROI 2") && warning.message.contains("says 7") && warning.message.contains("holds 4"))
        }
        // A count that agrees gives no warning.
        try inFolder { dir in
            try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: "1.2.3", rois: [
                ROI(number: ROINumber(2), name: "Cord", contours: [Contour(type: .closedPlanar, points: [[0, 0, 0], [1, 0, 0], [0, 1, 0]])]),
            ]), to: dir + "/ok.dcm")
            #expect(try DICOMReader.readStructureSet(at: dir + "/ok.dcm").diagnostics.isEmpty)
        }
    }

    @Test func registrationTranslatingByAKilometreIsRefused() throws {
        try inFolder { dir in
            let path = dir + "/reg.dcm"
            let far = RigidTransform(translation: [1e6, 0, 0])
            try DICOMWriter.writeRegistration(SpatialRegistration(frameOfReference: "1.2.3", entries: [
                .init(frameOfReference: "1.2.3", transform: .identity), .init(frameOfReference: "1.2.4", transform: far),
            ]), to: path)
            expectError(.invalidValue, mentioning: ["reg.dcm", "FrameOfReferenceTransformationMatrix", "1000000"]) {
                _ = try DICOMReader.readRegistration(at: path)
            }
        }
    }
}

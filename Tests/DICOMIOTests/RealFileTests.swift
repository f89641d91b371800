import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Expected values from pydicom 2.4.5: `ds = pydicom.dcmread(f, force=True)`; ds.Rows, ds.Columns,
/// NumberOfFrames (1 if absent), float((ds.pixel_array * ds.DoseGridScaling).max()) (Monaco RD.dcm
/// read with force=True and TransferSyntaxUID set to Implicit VR LE), ds.ImagePositionPatient,
/// ds.PixelSpacing, GridFrameOffsetVector[-1].
struct ExpectedDose: Sendable, CustomTestStringConvertible {
    var file: String
    var rows: Int, columns: Int, frames: Int
    var maxDose: Double
    var ipp: [Double]
    var pixelSpacing: [Double]
    /// Signed distance (mm) of the last frame from the first along row × col.
    var lastOffset: Double
    var testDescription: String { file }
}

let expectedDoses: [ExpectedDose] = [
    .init(file: "dicompyler-breast-eclipse/rtdose.dcm", rows: 129, columns: 194, frames: 98, maxDose: 14.680764,
          ipp: [-228.6541915, -419.2444776, -122.4407], pixelSpacing: [2.5, 2.5], lastOffset: 291),
    .init(file: "hn-cetuximab-monaco-proknow/RD.dcm", rows: 44, columns: 34, frames: 3, maxDose: 85.3514733,
          ipp: [-83.3, -147.9, 295.5], pixelSpacing: [5, 5], lastOffset: 10),
    .init(file: "pydicom-rt-syntax-variants/rtdose.dcm", rows: 10, columns: 10, frames: 15, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 70),
    .init(file: "pydicom-rt-syntax-variants/rtdose_expb.dcm", rows: 10, columns: 10, frames: 15, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 70),
    .init(file: "pydicom-rt-syntax-variants/rtdose_rle.dcm", rows: 10, columns: 10, frames: 15, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 70),
    .init(file: "pydicom-rt-syntax-variants/rtdose_1frame.dcm", rows: 10, columns: 10, frames: 1, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 0),
    .init(file: "pydicom-rt-syntax-variants/rtdose_expb_1frame.dcm", rows: 10, columns: 10, frames: 1, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 0),
    .init(file: "pydicom-rt-syntax-variants/rtdose_rle_1frame.dcm", rows: 10, columns: 10, frames: 1, maxDose: 1.254,
          ipp: [189.43125, 199.43125, -761.87], pixelSpacing: [10, 10], lastOffset: 0),
    .init(file: "pymedphys-dose-variants/RD.Pinnacle16.dcm", rows: 90, columns: 150, frames: 50, maxDose: 49.87240448,
          ipp: [-200, -2.5, -52.5], pixelSpacing: [2.5, 2.5], lastOffset: 122.5),
    .init(file: "pymedphys-dose-variants/RD.ProstateIMRT_plane_1mm.dcm", rows: 86, columns: 55, frames: 1, maxDose: 0.907332075,
          ipp: [-107, -101.2, -9.999996667], pixelSpacing: [1, 1], lastOffset: 0),
    .init(file: "pymedphys-dose-variants/RD.wedge.dcm", rows: 130, columns: 75, frames: 60, maxDose: 1.9595895597,
          ipp: [-49, -259, 211], pixelSpacing: [2, 2], lastOffset: 118),
    .init(file: "srs-brain-2018-multi-tps/RD_GammaPlan.dcm", rows: 13, columns: 13, frames: 12, maxDose: 33.840020251350005,
          ipp: [49.3140625, 57.8140625, 1.8], pixelSpacing: [1, 1], lastOffset: -11),
    .init(file: "srs-brain-2018-multi-tps/RD_RayStation_IMRT.dcm", rows: 78, columns: 63, frames: 79, maxDose: 61.9707545085,
          ipp: [-93.19, -49.63, -160], pixelSpacing: [3, 3], lastOffset: 234),
    .init(file: "srs-brain-2018-multi-tps/RD_RayStation_VMAT.dcm", rows: 78, columns: 63, frames: 79, maxDose: 52.495016091,
          ipp: [-93.19, -49.63, -160], pixelSpacing: [3, 3], lastOffset: 234),
]

@Suite("Real RTDOSE files", .requires(RealData.available, "shared/data/public is absent: real-file tests skipped"))
struct RealDoseTests {
    @Test(arguments: expectedDoses)
    func loadsWithPydicomGeometryAndMaximum(_ e: ExpectedDose) throws {
        let (dose, _) = try DICOMReader.readDose(at: RealData.path(e.file), allowRelative: true)
        let g = dose.grid.geometry
        #expect(g.size == SIMD3(e.columns, e.rows, e.frames))
        #expect(abs(Double(dose.grid.maximum) - e.maxDose) <= e.maxDose * 1e-6)
        #expect(length(g.origin - SIMD3(e.ipp[0], e.ipp[1], e.ipp[2])) < 1e-9)
        #expect(abs(g.spacing.x - e.pixelSpacing[1]) < 1e-12 && abs(g.spacing.y - e.pixelSpacing[0]) < 1e-12)
        if e.frames > 1 {
            // The last frame's centre lies lastOffset mm from IPP along row × col (axial IOP in all these files).
            let last = g.point(atIndex: SIMD3(0, 0, Double(e.frames - 1)))
            #expect(abs(last.z - (e.ipp[2] + e.lastOffset)) < 1e-6)
            #expect(abs(g.spacing.z - abs(e.lastOffset) / Double(e.frames - 1)) < 1e-9)
        }
        #expect(g.direction.isOrthonormal)
    }

    @Test func bigEndianAndRLEMatchImplicitVoxelForVoxel() throws {
        let (a, _) = try DICOMReader.readDose(at: RealData.path("pydicom-rt-syntax-variants/rtdose.dcm"), allowRelative: true)
        let (b, _) = try DICOMReader.readDose(at: RealData.path("pydicom-rt-syntax-variants/rtdose_expb.dcm"), allowRelative: true)
        let (c, _) = try DICOMReader.readDose(at: RealData.path("pydicom-rt-syntax-variants/rtdose_rle.dcm"), allowRelative: true)
        #expect(zip(a.grid.values, b.grid.values).filter { $0 != $1 }.count == 0)
        #expect(zip(a.grid.values, c.grid.values).filter { $0 != $1 }.count == 0)
        #expect(a.grid.values.count == 1500 && b.grid.values.count == 1500 && c.grid.values.count == 1500)
        // pydicom: ds.pixel_array[0, 0, 0] == 1249000, × 1e-6
        #expect(abs(Double(a.grid.values[0]) - 1.249) < 1e-6)
    }

    @Test func relativeUnitsAreRefusedAsGray() throws {
        #expect {
            _ = try DICOMReader.readDose(at: RealData.path("pydicom-rt-syntax-variants/rtdose.dcm"))
        } throws: { error in
            guard let e = error as? DoseSumError else { return false }
            return e.kind == .invalidValue && e.description.contains("DoseUnits") && e.description.contains("RELATIVE")
        }
    }

    @Test func gammaPlanNegativeOffsetsRunInferiorly() throws {
        let (dose, _) = try DICOMReader.readDose(at: RealData.path("srs-brain-2018-multi-tps/RD_GammaPlan.dcm"))
        let g = dose.grid.geometry
        #expect(g.direction.c2 == SIMD3(0, 0, -1))
        #expect(abs(g.spacing.z - 1) < 1e-12)
        #expect(abs(g.point(atIndex: [0, 0, 11]).z - (1.8 - 11)) < 1e-9)
    }

    @Test func singleFrameWithExtraOffsetsWarns() throws {
        let (_, diags) = try DICOMReader.readDose(at: RealData.path("pydicom-rt-syntax-variants/rtdose_1frame.dcm"), allowRelative: true)
        #expect(diags.contains { $0.code == "dose.frame-offsets-extra" })
    }

    @Test func breastDVHStoredInPercentIsFlagged() throws {
        let (_, diags) = try DICOMReader.readDose(at: RealData.path("dicompyler-breast-eclipse/rtdose.dcm"))
        #expect(diags.contains { $0.code == "dose.dvh-units" })
        let (_, clean) = try DICOMReader.readDose(at: RealData.path("srs-brain-2018-multi-tps/RD_RayStation_IMRT.dcm"))
        #expect(!clean.contains { $0.code == "dose.dvh-units" })
    }

    @Test func referencedPlanAndIdentity() throws {
        let (dose, _) = try DICOMReader.readDose(at: RealData.path("hn-cetuximab-monaco-proknow/RD.dcm"))
        // README / pydicom: ReferencedRTPlanSequence[0].ReferencedSOPInstanceUID, FrameOfReferenceUID, PatientID
        #expect(dose.referencedPlanUIDs == ["2.16.840.1.114337.1.1.1535997926.0"])
        #expect(dose.frameOfReference == "1.3.6.1.4.1.22213.2.26558.1")
        #expect(dose.patient.id == "HNC-0522c0009")
        #expect(dose.summationType == "PLAN")
    }

    /// The eight patient positions (header-only files): voxel → patient mapping against the IOP/IPP
    /// read by pydicom (README table): voxel (i, j, 0) = IPP + i·Δc·row + j·Δr·col.
    @Test(arguments: ["FFDL", "FFDR", "FFP", "FFS", "HFDL", "HFDR", "HFP", "HFS"])
    func emptyHeadersInspectButRejectPixels(_ position: String) throws {
        let path = RealData.path("pymedphys-dose-variants/RD.DICOMORIENT.Dose_\(position)_empty.dcm")
        let info = try DICOMReader.readDoseHeader(at: path)
        #expect(info.frames == 101 && !info.hasPixelData)
        let row = SIMD3(info.imageOrientation[0], info.imageOrientation[1], info.imageOrientation[2])
        let col = SIMD3(info.imageOrientation[3], info.imageOrientation[4], info.imageOrientation[5])
        let ipp = SIMD3(info.imagePosition[0], info.imagePosition[1], info.imagePosition[2])
        let p = info.geometry.point(atIndex: [3, 5, 7])
        let normal: SIMD3<Double> = cross(row, col)
        var expected: SIMD3<Double> = ipp + 6 * row
        expected += 10 * col
        expected += 14 * normal
        #expect(length(p - expected) < 1e-9)
        #expect(info.geometry.direction.determinant > 0.999)
        #expect {
            _ = try DICOMReader.readDose(at: path)
        } throws: { error in
            guard let e = error as? DoseSumError else { return false }
            return e.kind == .missingAttribute && e.description.contains("PixelData")
        }
    }
}

/// Expected numbers from pydicom 2.4.5: len(StructureSetROISequence), sum of len(ContourSequence),
/// sum of NumberOfContourPoints.
@Suite("Real RTSTRUCT and RTPLAN files", .requires(RealData.available, "shared/data/public is absent: real-file tests skipped"))
struct RealStructurePlanTests {
    @Test(arguments: [
        ("dicompyler-breast-eclipse/rtss.dcm", 10, 441, 88158, "BODY"),
        ("hn-cetuximab-monaco-proknow/RS.dcm", 3, 13, 1871, "BODY"),
        ("pydicom-rt-syntax-variants/rtstruct.dcm", 3, 5, 19, "patient"),
        ("srs-brain-2018-multi-tps/RS_ARIA_optic.dcm", 18, 773, 139494, "Whole Brain"),
        ("srs-brain-2018-multi-tps/RS_GammaPlan.dcm", 1, 225, 29697, "*Skull"),
        ("srs-brain-2018-multi-tps/RS_RayStation.dcm", 28, 1162, 158454, "PTV_1"),
    ])
    func structureSetsLoad(_ file: String, _ rois: Int, _ contours: Int, _ points: Int, _ firstName: String) throws {
        let s = try DICOMReader.readStructureSet(at: RealData.path(file))
        #expect(s.rois.count == rois)
        #expect(s.rois.reduce(0) { $0 + $1.contours.count } == contours)
        #expect(s.rois.reduce(0) { $0 + $1.pointCount } == points)
        #expect(s.rois.first?.name == firstName)
        #expect(!s.frameOfReference.isEmpty)
    }

    @Test func emptyROIKeptAndTypesRead() throws {
        let s = try DICOMReader.readStructureSet(at: RealData.path("dicompyler-breast-eclipse/rtss.dcm"))
        let areola = try #require(s.roi(named: "Areola"))
        #expect(areola.contours.isEmpty)
        #expect(s.roi(named: "Heart")?.interpretedType == "ORGAN")
        #expect(s.roi(named: "Heart")?.contours.count == 33)
        #expect(s.frameOfReference == "2.16.840.1.113662.2.12.0.3057.1241703565.36")
    }

    @Test func rayStationEmptyTopLevelFrameFallsBackToReferencedFrame() throws {
        let s = try DICOMReader.readStructureSet(at: RealData.path("srs-brain-2018-multi-tps/RS_RayStation.dcm"))
        #expect(s.frameOfReference == "1.2.840.113704.1.111.5908.1515481810.4")
        #expect(s.roi(named: "ptv4")?.contours.first?.type == .point)
    }

    /// pydicom: [int(fg.NumberOfFractionsPlanned) for fg in FractionGroupSequence],
    /// max TargetPrescriptionDose of DoseReferenceSequence.
    @Test(arguments: [
        ("dicompyler-breast-eclipse/rtplan.dcm", 7, 14.0),
        ("hn-cetuximab-monaco-proknow/RP.dcm", 30, 78.0),
        ("pydicom-rt-syntax-variants/rtplan.dcm", 30, 30.826203),
        ("pymedphys-dose-variants/RP.Pinnacle16.dcm", 25, nil),
        ("srs-brain-2018-multi-tps/RP_GammaPlan.dcm", 1, nil),
        ("srs-brain-2018-multi-tps/RP_RayStation_IMRT.dcm", 5, nil),
        ("srs-brain-2018-multi-tps/RP_RayStation_VMAT.dcm", 5, nil),
    ] as [(String, Int, Double?)])
    func plansLoad(_ file: String, _ fractions: Int, _ prescription: Double?) throws {
        let p = try DICOMReader.readPlan(at: RealData.path(file))
        #expect(p.fractions == fractions)
        #expect(p.prescriptionDose?.value == prescription)
    }

    @Test func modalityDispatch() throws {
        #expect(try DICOMReader.modality(at: RealData.path("hn-cetuximab-monaco-proknow/RS.dcm")) == "RTSTRUCT")
        guard case .plan = try DICOMReader.readAny(at: RealData.path("hn-cetuximab-monaco-proknow/RP.dcm")) else {
            Issue.record("RP.dcm not read as a plan"); return
        }
    }
}

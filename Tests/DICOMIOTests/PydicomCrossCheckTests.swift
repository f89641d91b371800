import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Runs `python3 -c script args…` and returns stdout; nil when python3 cannot run.
func runPython(_ script: String, _ args: [String]) -> (status: Int32, out: String)? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = Pipe()
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

enum Pydicom {
    static let available: Bool = runPython("import pydicom, numpy", [])?.status == 0
}

/// An independent reader (pydicom + numpy) checks what DICOMWriter writes.
@Suite("pydicom reads what we write", .requires(Pydicom.available, "python3 with pydicom and numpy not found: cross-check skipped"))
struct PydicomCrossCheckTests {
    /// pydicom evaluates the closed form D = 0.5 + i + 10 j + 100 k itself from pixel_array[k, j, i]
    /// and reports the largest |pixel × DoseGridScaling − D| and the header it read.
    static let doseScript = """
    import sys, json, numpy as np, pydicom
    ds = pydicom.dcmread(sys.argv[1])
    a = ds.pixel_array.astype(np.float64) * float(ds.DoseGridScaling)
    k, j, i = np.indices(a.shape)
    err = float(np.abs(a - (0.5 + i + 10 * j + 100 * k)).max())
    print(json.dumps({"err": err, "scaling": float(ds.DoseGridScaling), "shape": list(a.shape),
        "ipp": [float(v) for v in ds.ImagePositionPatient], "iop": [float(v) for v in ds.ImageOrientationPatient],
        "ps": [float(v) for v in ds.PixelSpacing], "gfov": [float(v) for v in ds.GridFrameOffsetVector],
        "units": ds.DoseUnits, "type": ds.DoseType, "sum": ds.DoseSummationType, "bits": int(ds.BitsAllocated),
        "plans": [x.ReferencedSOPInstanceUID for x in ds.ReferencedRTPlanSequence], "ops": "OperatorsName" in ds,
        "ts": str(ds.file_meta.TransferSyntaxUID)}))
    """

    struct DoseReport: Decodable {
        var err: Double, scaling: Double, shape: [Int], ipp: [Double], iop: [Double], ps: [Double], gfov: [Double]
        var units: String, type: String, sum: String, bits: Int, plans: [String], ops: Bool, ts: String
    }

    @Test func writtenDoseMatchesClosedFormInPydicom() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        var dose = syntheticDose(size: [6, 5, 4], summation: "MULTI_PLAN", plans: ["1.2.3.4.5", "1.2.3.4.6"])
        dose.doseType = .effective
        try DICOMWriter.writeDose(dose, to: dir + "/d.dcm", seriesDescription: "EQD2")
        let result = try #require(runPython(Self.doseScript, [dir + "/d.dcm"]))
        #expect(result.status == 0)
        let r = try JSONDecoder().decode(DoseReport.self, from: Data(result.out.utf8))
        // Quantisation: |error| ≤ scaling/2 for the integer rounding, plus Float storage of the input value.
        #expect(r.err <= r.scaling / 2 + 1e-4)
        #expect(r.scaling > 0 && r.scaling < 1e-6)
        #expect(r.shape == [4, 5, 6])
        #expect(zip(r.ipp, [-10.25, 20.5, -33.125]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(r.iop == [1, 0, 0, 0, 1, 0])
        #expect(r.ps == [2.5, 2])
        #expect(r.gfov == [0, 3, 6, 9])
        #expect(r.units == "GY" && r.type == "EFFECTIVE" && r.sum == "MULTI_PLAN" && r.bits == 32)
        #expect(r.plans == ["1.2.3.4.5", "1.2.3.4.6"])
        #expect(r.ops)
        #expect(r.ts == "1.2.840.10008.1.2.1")
    }

    @Test func writtenStructureSetPlanAndRegistrationReadInPydicom() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let s = StructureSet(frameOfReference: "1.2.3.4", rois: [
            ROI(number: ROINumber(2), name: "Rückenmark", interpretedType: "ORGAN",
                contours: [Contour(type: .closedPlanar, points: [[0, 0, 1], [1, 0, 1], [0, 1, 1]])]),
        ])
        try DICOMWriter.writeStructureSet(s, to: dir + "/rs.dcm")
        try DICOMWriter.writePlan(fractions: 3, prescription: Gray(24), frameOfReference: "1.2.3.4", to: dir + "/rp.dcm")
        let reg = SpatialRegistration(frameOfReference: "1.2.3.4", entries: [
            .init(frameOfReference: "1.2.3.5", transform: try RigidTransform(rowMajor4x4: RoundTripTests.rigid)),
        ])
        try DICOMWriter.writeRegistration(reg, to: dir + "/reg.dcm")
        let script = """
        import sys, pydicom
        rs = pydicom.dcmread(sys.argv[1]); rp = pydicom.dcmread(sys.argv[2]); rg = pydicom.dcmread(sys.argv[3])
        c = rs.ROIContourSequence[0].ContourSequence[0]
        m = rg.RegistrationSequence[0].MatrixRegistrationSequence[0].MatrixSequence[0]
        print(rs.StructureSetROISequence[0].ROIName, int(c.NumberOfContourPoints), [float(v) for v in c.ContourData],
              rs.RTROIObservationsSequence[0].RTROIInterpretedType, int(rp.FractionGroupSequence[0].NumberOfFractionsPlanned),
              float(rp.DoseReferenceSequence[0].TargetPrescriptionDose), rg.Modality, [float(v) for v in m.FrameOfReferenceTransformationMatrix],
              sep="|")
        """
        let result = try #require(runPython(script, [dir + "/rs.dcm", dir + "/rp.dcm", dir + "/reg.dcm"]))
        #expect(result.status == 0)
        let fields = result.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        #expect(fields == ["Rückenmark", "3", "[0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0]", "ORGAN", "3", "24.0", "REG",
                           "[0.0, -1.0, 0.0, 10.0, 1.0, 0.0, 0.0, -20.5, 0.0, 0.0, 1.0, 3.0, 0.0, 0.0, 0.0, 1.0]"])
    }
}

/// Files written by pydicom (an independent writer) in encodings our writer never produces.
@Suite("We read what pydicom writes", .requires(Pydicom.available, "python3 with pydicom and numpy not found: cross-check skipped"))
struct PydicomWrittenInputTests {
    /// Signed 16-bit RTDOSE in Explicit VR Big Endian, Latin-1 patient name, values −3 … 1196 × 0.0025 Gy:
    /// stored value at (i, j, k) = i + 10 j + 100 k − 3.
    static let script = """
    import sys, numpy as np, pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRBigEndian
    fm = FileMetaDataset(); fm.TransferSyntaxUID = ExplicitVRBigEndian
    fm.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.2"; fm.MediaStorageSOPInstanceUID = "1.2.3.4.5.6"
    ds = Dataset(); ds.file_meta = fm; ds.is_little_endian = False; ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"; ds.PatientName = "Müller^Jürgen"; ds.PatientID = "X1"
    ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = "1.2.3.4.5.6"; ds.Modality = "RTDOSE"
    ds.FrameOfReferenceUID = "1.2.3.9"; ds.ImagePositionPatient = [1.5, -2.5, 10]; ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [2, 4]; ds.Rows = 3; ds.Columns = 4; ds.NumberOfFrames = 2; ds.GridFrameOffsetVector = [0, 5]
    ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
    ds.DoseUnits = "GY"; ds.DoseType = "PHYSICAL"; ds.DoseSummationType = "PLAN"; ds.DoseGridScaling = "0.0025"
    k, j, i = np.indices((2, 3, 4)); a = (i + 10 * j + 100 * k - 3).astype(">i2")
    ds.PixelData = a.tobytes()
    ds.save_as(sys.argv[1], write_like_original=False)
    """

    @Test func signedBigEndianLatin1() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), path = tmp.file("signed_be.dcm")
        defer { tmp.remove() }
        let result = try #require(runPython(Self.script, [path]))
        try #require(result.status == 0)
        let (dose, _) = try DICOMReader.readDose(at: path)
        #expect(dose.patient.name == "Müller^Jürgen")
        let g = dose.grid.geometry
        #expect(g.size == SIMD3(4, 3, 2) && g.spacing == SIMD3(4, 2, 5))
        for k in 0..<2 { for j in 0..<3 { for i in 0..<4 {
            #expect(abs(Double(dose.grid[i, j, k]) - Double(i + 10 * j + 100 * k - 3) * 0.0025) < 1e-6)
        } } }
    }
}

extension PydicomWrittenInputTests {
    /// Implicit VR RTSTRUCT whose ContourData uses decimal commas ("1,5"): DCMTK alone would read a
    /// number silently; the reader must refuse it and name ContourData.
    static let commaScript = """
    import sys, pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ImplicitVRLittleEndian
    fm = FileMetaDataset(); fm.TransferSyntaxUID = ImplicitVRLittleEndian
    fm.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"; fm.MediaStorageSOPInstanceUID = "1.2.3.7"
    ds = Dataset(); ds.file_meta = fm; ds.is_little_endian = True; ds.is_implicit_VR = True
    ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = "1.2.3.7"; ds.Modality = "RTSTRUCT"
    roi = Dataset(); roi.ROINumber = 1; roi.ROIName = "Cord"; ds.StructureSetROISequence = [roi]
    c = Dataset(); c.ContourGeometricType = "CLOSED_PLANAR"; c.NumberOfContourPoints = 3
    c.add_new(0x30060050, "LO", "1,5\\\\0\\\\2\\\\3\\\\0\\\\2\\\\0\\\\4\\\\2")
    rc = Dataset(); rc.ReferencedROINumber = 1; rc.ContourSequence = [c]; ds.ROIContourSequence = [rc]
    ds.save_as(sys.argv[1], write_like_original=False)
    """

    @Test func decimalCommaInContourDataIsRefused() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), path = tmp.file("comma_rs.dcm")
        defer { tmp.remove() }
        let result = try #require(runPython(Self.commaScript, [path]))
        try #require(result.status == 0)
        #expect {
            _ = try DICOMReader.readStructureSet(at: path)
        } throws: { error in
            guard let e = error as? DoseSumError else { return false }
            return e.kind == .invalidValue && e.description.contains("(3006,0050) ContourData") && e.description.contains("comma")
        }
    }
}

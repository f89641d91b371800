import Grids
import RTCore
import RTModel

/// The header of an RTDOSE as stored (raw values kept for `inspect`), plus the geometry DoseSum derives.
/// Lengths in mm, positions in LPS mm.
public struct DoseFileInfo: Sendable {
    public var path: String
    public var transferSyntaxUID: String
    public var rows: Int
    public var columns: Int
    /// Number of stored frames (1 when NumberOfFrames is absent).
    public var frames: Int
    /// PixelSpacing (0028,0030) as stored: [row spacing, column spacing] in mm.
    public var pixelSpacing: [Double]
    /// ImagePositionPatient (0020,0032): centre of the first voxel, mm.
    public var imagePosition: [Double]
    /// ImageOrientationPatient (0020,0037): row then column direction cosines.
    public var imageOrientation: [Double]
    /// GridFrameOffsetVector (3004,000C) as stored (mm); empty when absent.
    public var frameOffsets: [Double]
    public var sliceThickness: Double?
    /// DoseGridScaling (3004,000E): Gy (or relative units) per stored integer.
    public var doseGridScaling: Double
    public var bitsAllocated: Int
    /// 0 unsigned, 1 two's complement.
    public var pixelRepresentation: Int
    /// PixelData length in bytes as stored (0 when absent or empty).
    public var pixelDataBytes: UInt64
    /// DoseUnits (3004,0002) as stored, upper case (see `units`).
    public var doseUnits: String
    /// DoseType (3004,0004) as stored, upper case (see `type`).
    public var doseType: String
    public var summationType: DoseSummationType
    /// FrameOfReferenceUID (0020,0052); empty when absent (a dose to be summed must have one).
    public var frameOfReference: UID
    public var sopInstance: UID
    /// ReferencedRTPlanSequence's ReferencedSOPInstanceUIDs.
    public var referencedPlans: [UID]
    public var patient: PatientIdentity
    /// Largest DVHMaximumDose × DVHDoseScaling over the DVHSequence items, in the DVH's stated units.
    public var dvhMaximumDose: Double?
    /// DoseUnits stated in the DVHSequence items (first non-empty).
    public var dvhDoseUnits: String?
    /// The uniform grid DoseSum uses (equal to the stored frames unless they were unevenly spaced).
    public var geometry: GridGeometry
    /// Warnings and notes about the header (uneven offsets, extra offsets, single plane …).
    public var diagnostics: [Diagnostic]
    /// How the stored frames lie on `geometry` (derived once, with the header).
    var layout: FrameLayout

    /// DoseUnits as a type; nil when it is neither GY nor RELATIVE.
    public var units: DoseDistribution.Units? { DoseDistribution.Units(rawValue: doseUnits) }
    /// DoseType as a type; nil when it is not PHYSICAL, EFFECTIVE or ERROR.
    public var type: DoseDistribution.DoseType? { DoseDistribution.DoseType(rawValue: doseType) }

    /// Bytes one stored sample takes.
    public var bytesPerSample: Int { bitsAllocated / 8 }
    public var hasPixelData: Bool { pixelDataBytes > 0 }
}

/// Physical plausibility limits, applied where values enter (DICOM attributes, options, manifests), so
/// that no later conversion or allocation sees a value no patient, scanner or plan can produce.
///
/// They are deliberately wide: every real file passes; only corrupt or hostile values are refused.
public enum PhysicalLimits {
    /// Largest |coordinate| (mm) of a patient position (ImagePositionPatient, ContourData, absolute
    /// frame offsets): 10 m. Scanner and planning coordinates stay within about 2 m of the isocentre.
    public static let coordinateMM = 10_000.0
    /// Largest |translation| (mm) of a rigid map between two frames: two positions within
    /// ±`coordinateMM` are at most this far apart per axis.
    public static let translationMM = 2 * coordinateMM
    /// Grid spacings (mm) accepted: PixelSpacing, frame steps. 0.01 mm is far below any dose grid.
    public static let spacingMM: ClosedRange<Double> = 0.01...1000
    /// Largest dose (Gy) an RTDOSE may hold: no treatment plan reaches 1,000 Gy anywhere.
    public static let maximumDoseGy = 1000.0
    /// α/β range (Gy) accepted from options and manifests.
    public static let alphaBetaGy: ClosedRange<Double> = 0.01...1000

    /// True for a finite coordinate within ±`coordinateMM`.
    @inlinable public static func isPlausibleCoordinate(_ v: Double) -> Bool { v.isFinite && abs(v) <= coordinateMM }

    /// True for a finite spacing within `spacingMM`.
    @inlinable public static func isPlausibleSpacing(_ v: Double) -> Bool { v.isFinite && spacingMM.contains(v) }
}

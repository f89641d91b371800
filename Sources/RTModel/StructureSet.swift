import RTCore

/// An RTSTRUCT: regions of interest with planar contours in patient coordinates (LPS, mm).
public struct StructureSet: Sendable {
    public var frameOfReference: UID
    public var rois: [ROI]
    public var sopInstanceUID: UID
    public var label: String
    public var patient: PatientIdentity
    public var source: String?
    /// What the reader noticed without refusing the file (e.g. a NumberOfContourPoints that
    /// disagrees with ContourData).
    public var diagnostics: [Diagnostic]

    public init(frameOfReference: UID, rois: [ROI], sopInstanceUID: UID = "", label: String = "",
                patient: PatientIdentity = PatientIdentity(), source: String? = nil, diagnostics: [Diagnostic] = []) {
        self.frameOfReference = frameOfReference; self.rois = rois; self.sopInstanceUID = sopInstanceUID
        self.label = label; self.patient = patient; self.source = source; self.diagnostics = diagnostics
    }
    public func roi(named name: String) -> ROI? { rois.first { $0.name == name } }
    /// The ROI `name` stands for under `NameLookup` (exact, else equal ignoring case).
    public func roi(matching name: String) -> ROI? {
        NameLookup.match(name, in: rois.map(\.name)).flatMap { roi(named: $0) }
    }
    public func roi(number: ROINumber) -> ROI? { rois.first { $0.number == number } }
}

/// One ROI of a structure set.
public struct ROI: Sendable, Identifiable {
    public var number: ROINumber
    /// ROI Name (3006,0026), converted to UTF-8.
    public var name: String
    /// ROI Generation Algorithm (3006,0036): AUTOMATIC, SEMIAUTOMATIC, MANUAL, or empty.
    public var generationAlgorithm: String
    /// RT ROI Interpreted Type (3006,00A4) when present: ORGAN, PTV, GTV, EXTERNAL …
    public var interpretedType: String
    public var contours: [Contour]
    public var id: ROINumber { number }

    public init(number: ROINumber, name: String, generationAlgorithm: String = "", interpretedType: String = "", contours: [Contour]) {
        self.number = number; self.name = name; self.generationAlgorithm = generationAlgorithm
        self.interpretedType = interpretedType; self.contours = contours
    }
    public var pointCount: Int { contours.reduce(0) { $0 + $1.points.count } }
}

/// A contour: an ordered list of points (LPS, mm) of one geometric type.
public struct Contour: Sendable {
    /// Contour Geometric Type (3006,0042).
    public enum GeometricType: String, Sendable, Codable {
        case closedPlanar = "CLOSED_PLANAR", point = "POINT", openPlanar = "OPEN_PLANAR", openNonplanar = "OPEN_NONPLANAR"
        case closedPlanarXOR = "CLOSEDPLANAR_XOR"
    }
    public var type: GeometricType
    public var points: [SIMD3<Double>]
    public init(type: GeometricType, points: [SIMD3<Double>]) { self.type = type; self.points = points }
}

import Grids
import RTCore

/// A dose distribution read from an RTDOSE (or computed), in **Gy** on a regular grid.
///
/// `grid.values` are absolute dose in Gy (stored value × DoseGridScaling) when `units == .gray`;
/// for `.relative` doses they are the scaled stored values as given (unitless). Geometry is LPS mm.
public struct DoseDistribution: Sendable {
    public enum Units: String, Sendable, Codable { case gray = "GY", relative = "RELATIVE" }
    public enum DoseType: String, Sendable, Codable { case physical = "PHYSICAL", effective = "EFFECTIVE", error = "ERROR" }

    /// The dose values held: the whole stored grid, or the voxels of a box of it when the dose was read
    /// for a region (`fileGeometry` is then larger). Interpolation of `grid` equals that of the whole
    /// grid wherever the reader was asked for values.
    public var grid: Grid<Float>
    /// The geometry of the whole grid stored in the file (equal to `grid.geometry` unless only a box
    /// was read). Common grids and coverage are decided on this.
    public var fileGeometry: GridGeometry
    public var units: Units
    public var doseType: DoseType
    /// DoseSummationType (3004,000A): PLAN, MULTI_PLAN, FRACTION, BEAM, BRACHY, CONTROL_POINT, RECORD …
    public var summationType: DoseSummationType
    public var frameOfReference: UID
    public var sopInstanceUID: UID
    public var referencedPlanUIDs: [UID]
    public var patient: PatientIdentity
    /// The file it was read from, if any (for messages and report inputs).
    public var source: String?

    public init(grid: Grid<Float>, units: Units = .gray, doseType: DoseType = .physical, summationType: DoseSummationType = .plan,
                frameOfReference: UID, sopInstanceUID: UID = "", referencedPlanUIDs: [UID] = [],
                patient: PatientIdentity = PatientIdentity(), source: String? = nil, fileGeometry: GridGeometry? = nil) {
        self.grid = grid; self.fileGeometry = fileGeometry ?? grid.geometry; self.units = units; self.doseType = doseType; self.summationType = summationType
        self.frameOfReference = frameOfReference; self.sopInstanceUID = sopInstanceUID
        self.referencedPlanUIDs = referencedPlanUIDs; self.patient = patient; self.source = source
    }
}

/// Patient and study identifiers carried from input to output files and reports.
public struct PatientIdentity: Hashable, Sendable, Codable {
    public var name: String
    public var id: String
    public var birthDate: String
    public var sex: String
    public var studyInstanceUID: String
    public var studyID: String
    public init(name: String = "", id: String = "", birthDate: String = "", sex: String = "",
                studyInstanceUID: String = "", studyID: String = "") {
        self.name = name; self.id = id; self.birthDate = birthDate; self.sex = sex
        self.studyInstanceUID = studyInstanceUID; self.studyID = studyID
    }
}

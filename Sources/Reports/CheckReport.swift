import Constraints
import DoseMetrics
import RTCore
import RTModel

/// Everything `dosesum check` reports, assembled by the caller; renderers only format it.
///
/// Units: doses Gy (course metrics in Gy EQD2 of the ROI's α/β), volumes cc, intervals months.
public struct CheckReport: Sendable {
    public var engineVersion: String
    /// When the report was made, as text chosen by the caller (e.g. ISO 8601); nil leaves it out.
    public var generatedAt: String?
    public var patient: PatientSummary
    public var inputs: CheckInputs
    public var protocolSet: ProtocolSummary
    public var rois: [ROIReport]
    /// All verdicts, including those for organs without an ROI.
    public var verdicts: [Verdict]
    public var diagnostics: [Diagnostic]
    public var unmatchedROIs: [String]
    public var organsWithoutROI: [Organ]
    /// Organs unmatched ROIs probably stand for (offered, never applied; see `ROINameSuggester`).
    public var roiSuggestions: [ROISuggestion] = []
    /// Metric columns shown in tables, in order (default: D0.03cc, Dmax, Dmean).
    public var metricColumns: [DoseMetric]
    /// Organs declared not contoured for this patient (their rows are `absent`).
    public var absentOrgans: [Organ] = []
    /// Input consistency checks the user overrode; every report states them.
    public var overrides: [InputOverride] = []
    /// Each option that shaped the result, as (name, value) in words, e.g. ("grid", "auto: …").
    public var options: [(String, String)] = []
    /// Names of the registration scenarios every verdict's band was taken over (empty: no bands).
    public var scenarios: [String] = []

    /// The overall answer: `exceeds`, else `incomplete`, else `within` (see `CheckStatus`).
    public var status: CheckStatus { CheckStatus(verdicts: verdicts) }
    /// Why the check is incomplete (empty unless `status` is `incomplete`).
    public var incompleteReasons: [String] {
        let a = CheckStatus.assess(verdicts)
        return a.status == .incomplete ? a.reasons : []
    }
    /// Input files with their SHA-256, command line, software and date (set by the caller after
    /// `init`; nil leaves it out of every report).
    public var provenance: Provenance?

    public init(engineVersion: String, generatedAt: String? = nil, patient: PatientSummary = PatientSummary(),
                inputs: CheckInputs, protocolSet: ProtocolSummary, rois: [ROIReport], verdicts: [Verdict],
                diagnostics: [Diagnostic] = [], unmatchedROIs: [String] = [], organsWithoutROI: [Organ] = [],
                metricColumns: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .dmax, .dmean]) {
        self.engineVersion = engineVersion; self.generatedAt = generatedAt; self.patient = patient
        self.inputs = inputs; self.protocolSet = protocolSet; self.rois = rois; self.verdicts = verdicts
        self.diagnostics = diagnostics; self.unmatchedROIs = unmatchedROIs; self.organsWithoutROI = organsWithoutROI
        self.metricColumns = metricColumns
    }

    /// `metricColumns` that at least one ROI has a value or reason for (empty columns are not shown).
    public var shownMetricColumns: [DoseMetric] {
        metricColumns.filter { m in rois.contains { $0.courses.contains { $0[m] != nil } || $0.composite[m] != nil } }
    }

    /// Verdict counts by status name (`within`, `exceeds`, `not-evaluable`, …).
    public var statusCounts: [String: Int] { Dictionary(grouping: verdicts, by: \.status.name).mapValues(\.count) }

    /// The verdicts of one ROI (matched by ROI name, else by organ).
    public func verdicts(for roi: ROIReport) -> [Verdict] {
        verdicts.filter { $0.roiName == roi.name || ($0.roiName == nil && roi.organ != nil && $0.organ == roi.organ) }
    }
}

public struct PatientSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    public init(id: String = "", name: String = "") { self.id = id; self.name = name }
}

/// The constraint set a report was judged against.
public struct ProtocolSummary: Sendable, Hashable {
    public var id: String
    public var title: String
    public var citation: String
    public init(id: String, title: String, citation: String) { self.id = id; self.title = title; self.citation = citation }
    public init(_ set: ConstraintSet) { self.init(id: set.id, title: set.title, citation: set.citation) }
}

/// One course's files and fractionation.
public struct CourseInputs: Sendable, Hashable {
    public var label: String
    public var dosePath: String
    public var doseUID: String
    public var planPath: String?
    public var planUID: String?
    public var fractions: Int
    /// Prescription dose in Gy, when known.
    public var prescriptionGy: Double?
    public init(label: String, dosePath: String, doseUID: String = "", planPath: String? = nil, planUID: String? = nil,
                fractions: Int, prescriptionGy: Double? = nil) {
        self.label = label; self.dosePath = dosePath; self.doseUID = doseUID; self.planPath = planPath
        self.planUID = planUID; self.fractions = fractions; self.prescriptionGy = prescriptionGy
    }
}

/// Inputs and assumptions of a check.
public struct CheckInputs: Sendable, Hashable {
    public var course1: CourseInputs
    public var course2: CourseInputs
    public var structureSetPath: String
    public var structureSetUID: String
    /// How course 1 was brought into the course-2 frame, in words (e.g. "REG 1.2.3…, rigid").
    public var registration: String
    /// The 4×4 course-1 → course-2 matrix, row-major (mm), when rigid.
    public var registrationMatrix: [Double]?
    /// α/β (Gy) per organ or ROI label, as used.
    public var alphaBeta: [String: Double]
    /// α/β (Gy) for ROIs with no entry.
    public var defaultAlphaBeta: Double?
    /// Recovery assumption, in words (e.g. "none", "Cord: 30 % of course 1 discounted", "Cord: 50 % of
    /// course 1, 25 % of course 2 discounted").
    public var recovery: String
    /// Months between the courses, when known.
    public var intervalMonths: Double?
    /// Courses after the second, in order (empty for two courses); the last course is the reference.
    public var additionalCourses: [CourseInputs] = []
    /// Every course in order.
    public var courses: [CourseInputs] { [course1, course2] + additionalCourses }

    public init(course1: CourseInputs, course2: CourseInputs, structureSetPath: String, structureSetUID: String = "",
                registration: String, registrationMatrix: [Double]? = nil, alphaBeta: [String: Double] = [:],
                defaultAlphaBeta: Double?, recovery: String = "none", intervalMonths: Double? = nil) {
        self.course1 = course1; self.course2 = course2; self.structureSetPath = structureSetPath
        self.structureSetUID = structureSetUID; self.registration = registration
        self.registrationMatrix = registrationMatrix; self.alphaBeta = alphaBeta
        self.defaultAlphaBeta = defaultAlphaBeta; self.recovery = recovery; self.intervalMonths = intervalMonths
    }
}

/// One ROI's numbers. Metric maps hold Gy EQD2 (cc / % for V-metrics).
public struct ROIReport: Sendable, Hashable {
    public var name: String
    public var number: ROINumber?
    public var organ: Organ?
    /// α/β (Gy) used for this ROI.
    public var alphaBeta: Double
    public var volume: CubicCentimetres?
    public var course1: [DoseMetric: MetricValue]
    public var course2: [DoseMetric: MetricValue]
    /// Metrics of the courses after the second, in order (empty for two courses).
    public var additionalCourses: [[DoseMetric: MetricValue]] = []
    /// Every course's metrics in order.
    public var courses: [[DoseMetric: MetricValue]] { [course1, course2] + additionalCourses }
    public var composite: [DoseMetric: MetricValue]
    /// The sum over courses of each course's D0.03cc (Gy EQD2): the "same region hit every time"
    /// worst case, computed by the caller.
    public var sameRegionWorstCase: MetricValue?
    public var dvh: DVHPlotCurves
    /// Where the α/β came from (`--alpha-beta`, `--default-alpha-beta`, organ convention).
    public var alphaBetaSource: AlphaBetaSource = .other("")
    /// The largest fraction of an earlier course's EQD2 discounted for recovery (0 = none; with one
    /// factor for every earlier course, that factor). When > 0, `composite` is the discounted
    /// composite and `compositeUndiscounted` the plain sum.
    public var recovery: Double = 0
    /// When the ROI is discounted: per course in order, the recovery factor its EQD2 was discounted
    /// by (0…1; the last course's is always 0). nil when no course is discounted.
    public var recoveryByCourse: [Double]?
    public var compositeUndiscounted: [DoseMetric: MetricValue]?
    /// Where the composite's D0.03cc lies (centroid of the hottest 0.03 cc, LPS mm) and each
    /// course's share there; on the recovery-discounted composite when `recovery` > 0 (the one the
    /// verdict uses). nil when not computed or the ROI is smaller than 0.03 cc.
    public var hotSpot: HotSpot?
    /// An axial slice of the same composite through `hotSpot`, for the HTML report.
    public var hotSpotSlice: HotSpotSlice?
    /// The band the composite DVH (`dvh.composite`) sweeps under the registration scenarios.
    public var compositeEnvelope: DVHEnvelope?

    public init(name: String, number: ROINumber? = nil, organ: Organ?, alphaBeta: Double, volume: CubicCentimetres?,
                course1: [DoseMetric: MetricValue], course2: [DoseMetric: MetricValue],
                composite: [DoseMetric: MetricValue], sameRegionWorstCase: MetricValue? = nil,
                dvh: DVHPlotCurves = DVHPlotCurves()) {
        self.name = name; self.number = number; self.organ = organ; self.alphaBeta = alphaBeta; self.volume = volume
        self.course1 = course1; self.course2 = course2; self.composite = composite
        self.sameRegionWorstCase = sameRegionWorstCase; self.dvh = dvh
    }
}

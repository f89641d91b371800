/// A consistency check between input files that the user chose to override: recorded so that every
/// report states it (JSON `"overrides"`, CSV header, text and HTML).
public struct InputOverride: Hashable, Sendable, Codable {
    /// What was overridden.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Inputs carry different PatientIDs.
        case patientMismatch = "patient-mismatch"
        /// An RTDOSE references another RTPLAN than the one given for its course.
        case planMismatch = "plan-mismatch"
    }
    public var kind: Kind
    /// The files and values, e.g. "PatientID 'A' in RS.dcm differs from 'B' in RD2.dcm".
    public var detail: String

    public init(_ kind: Kind, _ detail: String) { self.kind = kind; self.detail = detail }
}

/// Which input consistency checks the user has turned from errors into recorded warnings.
public struct ConsistencyPolicy: Hashable, Sendable, Codable {
    /// Accept inputs whose PatientIDs differ (a warning and an `InputOverride`).
    public var allowPatientMismatch: Bool
    /// Accept a dose whose ReferencedRTPlanSequence does not name its course's plan.
    public var allowPlanMismatch: Bool

    public init(allowPatientMismatch: Bool = false, allowPlanMismatch: Bool = false) {
        self.allowPatientMismatch = allowPatientMismatch; self.allowPlanMismatch = allowPlanMismatch
    }
    /// Every check is an error.
    public static let strict = ConsistencyPolicy()
}

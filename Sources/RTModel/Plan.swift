import RTCore

/// What an RTPLAN says about fractionation: one entry per Fraction Group.
public struct PlanFractionation: Sendable {
    public struct FractionGroup: Sendable, Hashable {
        public var number: Int
        /// NumberOfFractionsPlanned (300A,0078).
        public var fractionsPlanned: Int
        public init(number: Int, fractionsPlanned: Int) { self.number = number; self.fractionsPlanned = fractionsPlanned }
    }
    public var sopInstanceUID: UID
    public var label: String
    public var fractionGroups: [FractionGroup]
    /// Target prescription dose (300A,0026) in Gy where present.
    public var prescriptionDose: Gray?
    /// Patient identity the plan carries (checked against the other inputs).
    public var patient: PatientIdentity = PatientIdentity()
    public var source: String?

    public init(sopInstanceUID: UID, label: String = "", fractionGroups: [FractionGroup], prescriptionDose: Gray? = nil, source: String? = nil) {
        self.sopInstanceUID = sopInstanceUID; self.label = label; self.fractionGroups = fractionGroups
        self.prescriptionDose = prescriptionDose; self.source = source
    }

    /// The one number of fractions of the plan; nil when there are several differing fraction groups.
    public var fractions: Int? {
        let distinct = Set(fractionGroups.map(\.fractionsPlanned))
        return distinct.count == 1 ? distinct.first : nil
    }
}

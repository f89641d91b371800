import RTCore
import RTModel

extension DICOMReader {
    /// Reads an RTPLAN's fractionation: NumberOfFractionsPlanned per FractionGroupSequence item and
    /// the largest TargetPrescriptionDose (Gy) of DoseReferenceSequence, when any item has one.
    public static func readPlan(at path: String) throws -> PlanFractionation {
        try plan(try DICOMFile.load(path))
    }

    static func plan(_ file: DICOMFile) throws -> PlanFractionation {
        try requireModality(file, "RTPLAN")
        let ds = file.dataset
        let groups = try ds.items(.fractionGroupSequence).enumerated().map { index, item in
            let n = try item.requireInteger(.numberOfFractionsPlanned, meaning: "fractions of fraction group \(index + 1)")
            guard n >= 1 else {
                throw DoseSumError(.invalidValue, "expected at least 1 fraction, found \(n)", file: file.path, tag: .numberOfFractionsPlanned)
            }
            return PlanFractionation.FractionGroup(number: try item.integer(.fractionGroupNumber) ?? index + 1, fractionsPlanned: n)
        }
        guard !groups.isEmpty else {
            throw DoseSumError(.missingAttribute, "missing or empty, expected at least one fraction group with NumberOfFractionsPlanned",
                               file: file.path, tag: .fractionGroupSequence)
        }
        let prescriptions = try ds.items(.doseReferenceSequence).compactMap { try $0.decimals(.targetPrescriptionDose)?.first }
        var plan = PlanFractionation(sopInstanceUID: UID(try ds.textOrEmpty(.sopInstanceUID)), label: try ds.textOrEmpty(.rtPlanLabel),
                                     fractionGroups: groups, prescriptionDose: prescriptions.max().map { Gray($0) }, source: file.path)
        plan.patient = try ds.patientIdentity()
        return plan
    }
}

import Foundation
import RTCore
import RTModel

/// Checks, before any arithmetic, that the inputs of a composite belong together: one patient (and
/// each dose computed from the plan given for its course). Errors name both files and both values.
enum InputConsistency {
    /// One input file and the patient identity it carries.
    struct Input {
        /// e.g. "course 1 dose", "structure set".
        var role: String
        var path: String
        var patient: PatientIdentity
    }

    /// PatientID must agree across every input that carries one (the first input with an ID is the
    /// reference: callers put course 2's dose, the composite's, first). Different IDs are an error
    /// unless `policy.allowPatientMismatch`, which makes them a warning and an `InputOverride`.
    /// PatientName and PatientBirthDate are compared where both files carry them: a mismatch is a
    /// warning. An input without PatientID gets a note.
    static func checkPatients(_ inputs: [Input], policy: ConsistencyPolicy) throws -> (overrides: [InputOverride], diagnostics: [Diagnostic]) {
        var overrides: [InputOverride] = [], notes: [Diagnostic] = []
        guard let reference = inputs.first(where: { !trimmed($0.patient.id).isEmpty }) else {
            notes.append(Diagnostic(.warning, code: "patient.id-missing", "no input carries a PatientID (0010,0020); the inputs cannot be checked to belong to one patient"))
            return ([], notes)
        }
        for input in inputs where input.path != reference.path || input.role != reference.role {
            let id = trimmed(input.patient.id)
            if id.isEmpty {
                notes.append(Diagnostic(.warning, code: "patient.id-missing",
                    "the \(input.role) has no PatientID (0010,0020); it cannot be checked against PatientID '\(reference.patient.id)' of \(reference.path)",
                    subject: input.path))
            } else if id != trimmed(reference.patient.id) {
                let detail = "PatientID (0010,0020) '\(input.patient.id)' of the \(input.role) \(input.path) differs from '\(reference.patient.id)' of the \(reference.role) \(reference.path)"
                guard policy.allowPatientMismatch else {
                    throw DoseSumError(.invalidValue, "\(detail): the inputs are of different patients (override only if you are sure they are one patient)",
                                       file: input.path, tag: DICOMTag(0x0010, 0x0020, "PatientID"))
                }
                overrides.append(InputOverride(.patientMismatch, detail))
                notes.append(Diagnostic(.warning, code: "patient.id-mismatch-allowed", detail + "; allowed by override", subject: input.path))
            }
            for (tag, a, b) in [(DICOMTag(0x0010, 0x0010, "PatientName"), input.patient.name, reference.patient.name),
                                (DICOMTag(0x0010, 0x0030, "PatientBirthDate"), input.patient.birthDate, reference.patient.birthDate)] {
                let x = normalisedName(a), y = normalisedName(b)
                if !x.isEmpty, !y.isEmpty, x != y {
                    notes.append(Diagnostic(.warning, code: "patient.identity-mismatch",
                        "\(tag) '\(a)' of the \(input.role) \(input.path) differs from '\(b)' of the \(reference.role) \(reference.path)",
                        subject: input.path))
                }
            }
        }
        return (overrides, notes)
    }

    /// A dose whose ReferencedRTPlanSequence names plans must name the plan given for its course.
    /// A mismatch is an error unless `policy.allowPlanMismatch` (then a warning and an override).
    static func checkPlanReference(doseRole: String, dosePath: String, referencedPlans: [UID], plan: PlanFractionation?,
                                   policy: ConsistencyPolicy) throws -> (overrides: [InputOverride], diagnostics: [Diagnostic]) {
        guard let plan, !plan.sopInstanceUID.isEmpty, !referencedPlans.isEmpty,
              !referencedPlans.contains(plan.sopInstanceUID) else { return ([], []) }
        let detail = "the \(doseRole) \(dosePath) references RTPLAN \(referencedPlans.map(\.rawValue).joined(separator: ", ")) (ReferencedRTPlanSequence), not the plan given for its course, \(plan.source ?? "") (SOPInstanceUID \(plan.sopInstanceUID))"
        guard policy.allowPlanMismatch else {
            throw DoseSumError(.invalidValue, "\(detail); the fraction count would be read from another plan",
                               file: dosePath, tag: DICOMTag(0x300C, 0x0002, "ReferencedRTPlanSequence"))
        }
        return ([InputOverride(.planMismatch, detail)],
                [Diagnostic(.warning, code: "plan.not-referenced", detail + "; allowed by override", subject: dosePath)])
    }

    private static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }
    /// PN and DA values compared ignoring case, surrounding spaces and trailing empty name components.
    private static func normalisedName(_ s: String) -> String {
        var t = trimmed(s).uppercased()
        while t.hasSuffix("^") { t.removeLast() }
        return t
    }
}

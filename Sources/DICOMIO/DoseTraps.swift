import RTCore
import RTModel

/// Rules for traps in dose files that do not prevent reading but would give wrong numbers.
public enum DoseTraps {
    /// Without a plan, a FRACTION dose whose maximum exceeds this (Gy) is flagged as a likely plan total:
    /// no single fraction in external-beam practice (including SRS hot spots) delivers more.
    public static let implausibleFractionMaximumGy = 25.0
    /// With a plan of n ≥ 2 fractions and prescription P, a FRACTION dose whose maximum exceeds this
    /// multiple of P/n is flagged (clinical hot spots stay below ~1.3 × P/n; SRS at the 50 % isodose 2 ×).
    public static let fractionMaximumOverPrescriptionPerFraction = 2.5

    /// Rule for DoseSummationType FRACTION:
    /// - plan known with n ≥ 2 fractions and a prescription P: warn when max > 2.5 × P/n;
    /// - plan known with n ≥ 2 but no prescription, or no plan: warn when max > 25 Gy.
    /// Returns nil for other summation types or plausible maxima.
    public static func fractionLabelledPlanTotal(summationType: DoseSummationType, maxDose: Double, plan: PlanFractionation?,
                                                 subject: String?) -> Diagnostic? {
        guard summationType == .fraction else { return nil }
        let limit: Double
        let why: String
        if let plan, let n = plan.fractions, n >= 2, let p = plan.prescriptionDose?.value, p > 0 {
            limit = fractionMaximumOverPrescriptionPerFraction * p / Double(n)
            why = "more than \(fractionMaximumOverPrescriptionPerFraction) × the per-fraction prescription \(p)/\(n) Gy"
        } else {
            limit = implausibleFractionMaximumGy
            why = "more than \(implausibleFractionMaximumGy) Gy, implausible for one fraction"
        }
        guard maxDose > limit else { return nil }
        return Diagnostic(.warning, code: "dose.fraction-labelled-plan-total",
                          "DoseSummationType is FRACTION but the maximum dose is \(maxDose) Gy, \(why); the file probably holds the plan total",
                          subject: subject)
    }

    /// DVHs stored in the RTDOSE whose dose axis is not in the stated unit (e.g. percent labelled GY):
    /// warns when the largest DVHMaximumDose (× DVHDoseScaling) differs from the grid maximum by more
    /// than 20 % (+0.5 Gy), since a DVH over any ROI cannot exceed the grid maximum and the body DVH
    /// normally reaches it.
    public static func dvhUnits(dvhMaximum: Double?, dvhUnits: String?, gridMaximum: Double, subject: String?) -> Diagnostic? {
        guard let dvhMaximum, (dvhUnits ?? "GY") == "GY" else { return nil }
        guard dvhMaximum > gridMaximum * 1.2 + 0.5 else { return nil }
        let ratio = gridMaximum > 0 ? dvhMaximum / gridMaximum : .infinity
        return Diagnostic(.warning, code: "dose.dvh-units",
                          "the stored DVHs say GY but their maximum \(dvhMaximum) is \(String(format: "%.2f", ratio)) × the dose grid maximum \(gridMaximum) Gy; the DVH dose axis is probably in percent of prescription — do not use the stored DVHs",
                          subject: subject)
    }
}

import Constraints
import DoseMetrics
import RTCore
@testable import Reports

/// A hand-made check report: numbers chosen by hand, DVH curves closed-form (a structure in a
/// uniform dose gradient from a to b Gy has the linear cumulative DVH V(D) = 100 (b − D)/(b − a) %).
enum SampleReport {
    static let d003 = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)

    static func linearDVH(from a: Double, to b: Double) -> DVHPlotCurve {
        let doses = stride(from: 0.0, through: b + 2, by: 0.5).map { $0 }
        return DVHPlotCurve(dose: doses, volume: doses.map { d in d <= a ? 100 : (d >= b ? 0 : 100 * (b - d) / (b - a)) })
    }

    static func roi(_ name: String, _ number: Int, _ organ: Organ?, c1: Double, c2: Double, sum: Double) -> ROIReport {
        ROIReport(name: name, number: ROINumber(number), organ: organ, alphaBeta: 2, volume: CubicCentimetres(25.5),
                  course1: [d003: .value(c1), .dmax: .value(c1 + 0.4)], course2: [d003: .value(c2), .dmax: .value(c2 + 0.3)],
                  composite: [d003: .value(sum), .dmax: .notEvaluable(reason: "composite Dmax not requested")],
                  sameRegionWorstCase: .value(c1 + c2),
                  dvh: DVHPlotCurves(course1: linearDVH(from: c1 * 0.5, to: c1), course2: linearDVH(from: c2 * 0.2, to: c2),
                                 composite: linearDVH(from: sum * 0.4, to: sum)))
    }

    static func make() throws -> CheckReport {
        let set = try ConstraintLibrary.set("npc-2021")
        let brainStem = Organ(.brainStem)!, cord = Organ(.spinalCord)!, nerveL = Organ(.opticNerve, .left)!
        let rois = [
            roi("BrainStem", 3, brainStem, c1: 54, c2: 30, sum: 75),
            roi("Cord <PRV> & \"x\"", 4, cord, c1: 40, c2: 10, sum: 47.5),
            roi("OpticNrv_L", 5, nerveL, c1: 50, c2: 24, sum: 71),
            ROIReport(name: "External", number: ROINumber(1), organ: nil, alphaBeta: 3, volume: CubicCentimetres(9000),
                      course1: [:], course2: [:], composite: [:]),
        ]
        var doses: [Organ: OrganDoses] = [:]
        for r in rois { if let o = r.organ { doses[o] = OrganDoses(roiName: r.name, cumulative: r.composite, secondCourse: r.course2) } }
        let verdicts = ConstraintEvaluator.evaluate(set, doses: doses, intervalMonths: 30)
        let inputs = CheckInputs(
            course1: CourseInputs(label: "Course 1", dosePath: "/data/c1/RD.dcm", doseUID: "1.2.3.1", fractions: 35, prescriptionGy: 70),
            course2: CourseInputs(label: "Course 2", dosePath: "/data/c2/RD.dcm", doseUID: "1.2.3.2", planPath: "/data/c2/RP.dcm",
                                  planUID: "1.2.3.22", fractions: 30, prescriptionGy: 60),
            structureSetPath: "/data/c2/RS.dcm", structureSetUID: "1.2.3.9",
            registration: "rigid, REG 1.2.3.7 (course 1 → course 2)",
            registrationMatrix: [1, 0, 0, 2.5, 0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 1],
            alphaBeta: ["BrainStem": 2, "SpinalCord": 2, "OpticNrv_L": 2], defaultAlphaBeta: 3,
            recovery: "none", intervalMonths: 30)
        return CheckReport(engineVersion: "0.1.0-test", generatedAt: "2026-11-23T10:00:00Z",
                           patient: PatientSummary(id: "NPC-007", name: "Test^Patient"), inputs: inputs,
                           protocolSet: ProtocolSummary(set), rois: rois, verdicts: verdicts,
                           diagnostics: [Diagnostic(.warning, code: "test.warning", "dose grid <clipped> at z", subject: "RD.dcm")],
                           unmatchedROIs: ["External", "z_opt"], organsWithoutROI: [Organ(.opticNerve, .right)!])
    }
}

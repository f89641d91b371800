import CompositeDose
import Constraints
import DoseMetrics
import Foundation
import Masks
import Radiobiology
import Reports
import RTCore
import RTModel

/// Turns engine results into the report model every renderer formats.
enum CheckReportBuilder {
    /// The DVH curve each ROI's plot shows: 121 points from 0 to the maximum dose, volume in %.
    static let plotCurve = DVHCurveRequest(points: 121, unit: .percent)

    static func build(request: CheckRequest, loaded: LoadedCase, set: ConstraintSet, mapping: StructureMapping,
                      results: [ROIDoseResult], verdicts: [Verdict], diagnostics: [Diagnostic], now: Date,
                      slices: [HotSpotSlice?] = [], envelopes: [DVHEnvelope?] = []) -> CheckReport {
        let courses = loaded.courses
        func courseInputs(_ n: Int) -> CourseInputs {
            let input = request.composite.courses[n]
            return CourseInputs(label: "Course \(n + 1)", dosePath: input.dosePath, doseUID: courses[n].dose.sopInstanceUID.rawValue,
                                planPath: input.planPath, planUID: loaded.plans[n]?.sopInstanceUID.rawValue,
                                fractions: courses[n].fractions, prescriptionGy: loaded.plans[n]?.prescriptionDose?.value)
        }
        func mappingWords(_ n: Int) -> String {
            switch loaded.alignments[n].source {
            case .sameFrameOfReference: return "same Frame of Reference (identity)"
            case .registration(let uid):
                return "Spatial Registration \(uid.rawValue) (\(request.composite.mapping(ofCourse: n).registrationPath ?? "")), rigid"
            case .explicitMatrix: return "explicit matrix, rigid"
            }
        }
        // two courses: course 1's mapping; more: each earlier course's, to the last course's frame
        let registration = loaded.alignments.count == 1 ? mappingWords(0)
            : loaded.alignments.indices.map { "course \($0 + 1) → course \(courses.count): \(mappingWords($0))" }.joined(separator: "; ")
        let first = loaded.alignments[0]
        var alphaBeta: [String: Double] = [:]
        var recoveryNotes: [String] = []
        for r in results {
            alphaBeta[r.name] = r.assignment.alphaBeta.gray
            if let words = RecoveryWeighting.words(courses: courses.count, recovery: r.assignment.recovery) {
                recoveryNotes.append("\(r.name): \(words)")
            }
        }
        var inputs = CheckInputs(
            course1: courseInputs(0), course2: courseInputs(1),
            structureSetPath: request.composite.structuresPath ?? "", structureSetUID: loaded.structures?.sopInstanceUID.rawValue ?? "",
            registration: registration,
            registrationMatrix: first.source == .sameFrameOfReference ? nil : first.course1ToCourse2.rowMajor4x4,
            alphaBeta: alphaBeta, defaultAlphaBeta: request.composite.defaultAlphaBeta,
            recovery: recoveryNotes.isEmpty ? "none" : recoveryNotes.joined(separator: "; "),
            intervalMonths: request.intervalMonths)
        inputs.additionalCourses = courses.indices.dropFirst(2).map(courseInputs)
        let rois = results.enumerated().map { n, r -> ROIReport in
            let c1 = r.courses[0].values, c2 = r.courses[1].values
            let near = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)
            // the sum over courses of each course's D0.03cc; not evaluable when any is
            var worst: MetricValue = .value(0)
            for course in r.courses {
                switch (worst, course.values[near]) {
                case (.value(let a), .value(let b)?): worst = .value(a + b)
                case (.notEvaluable, _): break
                case (_, .notEvaluable(let why)?): worst = .notEvaluable(reason: why)
                case (_, nil): worst = .notEvaluable(reason: "D0.03cc not computed")
                }
            }
            func curve(_ m: StructureMetrics) -> DVHPlotCurve {
                // the curve read along with the metrics, when it is this one
                let c = m.curve.flatMap { $0.volumeUnit == plotCurve.unit && $0.doses.count == plotCurve.points ? $0 : nil }
                    ?? m.dvh.cumulativeCurve(points: plotCurve.points, unit: plotCurve.unit)
                return DVHPlotCurve(dose: c.doses, volume: c.volumes, volumeUnit: .percent)
            }
            let composite = r.compositeDiscounted ?? r.composite
            var report = ROIReport(name: r.name, number: r.assignment.roi.number, organ: mapping.anyOrgan(forROI: r.name),
                             alphaBeta: r.assignment.alphaBeta.gray, volume: r.volume,
                             course1: c1, course2: c2, composite: composite.values, sameRegionWorstCase: worst,
                             dvh: DVHPlotCurves(course1: curve(r.courses[0]), course2: curve(r.courses[1]), composite: curve(composite),
                                                 compositeUndiscounted: r.compositeDiscounted == nil ? nil : curve(r.composite)))
            report.additionalCourses = r.courses.dropFirst(2).map(\.values)
            report.dvh.additionalCourses = r.courses.dropFirst(2).map(curve)
            report.alphaBetaSource = r.assignment.alphaBetaSource
            report.recovery = r.assignment.recovery.largest
            if r.assignment.recovery.discounts {
                report.recoveryByCourse = RecoveryWeighting.factors(courses: courses.count, recovery: r.assignment.recovery)
            }
            report.compositeUndiscounted = r.compositeDiscounted == nil ? nil : r.composite.values
            report.hotSpot = r.hotSpot
            report.hotSpotSlice = n < slices.count ? slices[n] : nil
            report.compositeEnvelope = n < envelopes.count ? envelopes[n] : nil
            return report
        }
        let patient = courses[courses.count - 1].dose.patient
        let formatter = ISO8601DateFormatter()
        var report = CheckReport(engineVersion: DoseSumVersion.string, generatedAt: formatter.string(from: now),
                                 patient: PatientSummary(id: patient.id, name: patient.name), inputs: inputs,
                                 protocolSet: ProtocolSummary(set), rois: rois, verdicts: verdicts, diagnostics: diagnostics,
                                 unmatchedROIs: mapping.unmatchedROIs, organsWithoutROI: mapping.organsWithoutROI)
        report.roiSuggestions = mapping.suggestions
        report.absentOrgans = request.absentOrgans
        report.overrides = loaded.overrides
        report.options = options(request, loaded: loaded)
        report.scenarios = request.setupUncertainty.scenarios(centre: .zero).map(\.name)
        return report
    }

    /// Every option that shaped the result, in words: grid, end caps, ROI→organ maps, α/β, recovery,
    /// overrides, the fraction counts (with where each came from and the dose per fraction).
    static func options(_ request: CheckRequest, loaded: LoadedCase) -> [(String, String)] {
        let c = request.composite
        var out: [(String, String)] = []
        let grid: String
        switch c.grid {
        case .automatic: grid = "auto (course-2 orientation, finer spacing of the two courses, covering both)"
        case .course1: grid = "course1"
        case .course2: grid = "course2"
        case .union: grid = "union"
        case .spacing(let mm): grid = "\(mm) mm"
        }
        out.append(("grid", grid))
        out.append(("end_cap", request.endCap == .none ? "none" : "half (half the contour spacing beyond the first and last plane)"))
        out.append(("surface", request.surface.words))
        out.append(("maps", request.maps.isEmpty ? "none" : request.maps.map(\.description).joined(separator: "; ")))
        out.append(("alpha_beta", c.alphaBeta.isEmpty ? "organ conventions" : c.alphaBeta.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
        out.append(("default_alpha_beta", c.defaultAlphaBeta.map { "\($0) Gy" } ?? "none"))
        out.append(("recovery", c.recovery.isEmpty ? "none" : c.recovery.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")))
        out.append(("setup_uncertainty", request.setupUncertainty.summary))
        out.append(("absent", request.absentOrgans.isEmpty ? "none" : request.absentOrgans.map(\.tg263Name).joined(separator: "; ")))
        let allowed = [c.consistency.allowPatientMismatch ? "patient mismatch allowed" : nil,
                       c.consistency.allowPlanMismatch ? "plan mismatch allowed" : nil].compactMap { $0 }
        out.append(("overrides", allowed.isEmpty ? "none" : allowed.joined(separator: "; ")))
        for (n, course) in loaded.courses.enumerated() {
            var text = "\(course.fractions) fractions (\(loaded.fractionSources[n]))"
            if let rx = loaded.plans[n]?.prescriptionDose?.value {
                text += ", prescription \(String(format: "%.2f", rx)) Gy = \(String(format: "%.3f", rx / Double(course.fractions))) Gy per fraction"
            }
            out.append(("course\(n + 1)_fractions", text))
        }
        return out
    }
}

import Constraints
import DoseMetrics
import Foundation
import RTCore

/// Versioned JSON for scripts. Keys are sorted; doses are Gy (EQD2 in a check), volumes cc.
///
/// `dosesum.check/2` (schema: `Schemas/check-2.schema.json`): `status` (`within`, `exceeds`, `incomplete`), `status_reasons` (why incomplete),
/// `absent_organs` (declared), `overrides` (each {`kind`, `detail`}), `options` (name → value), and
/// as in `/1`: `schema`, `engine_version`, `generated_at`, `patient`, `inputs`, `protocol`,
/// `rois` (each: `name`, `number`, `organ` (TG-263 or null), `alpha_beta_gy`, `volume_cc`, `course1`,
/// `course2`, `composite` (objects keyed by metric notation, e.g. `"D0.03cc"`; null when not
/// evaluable), `same_region_worst_case_gy`, `not_evaluable` (list of {`dose`, `metric`, `reason`}),
/// `verdicts`, `hot_spot`: where the composite's D0.03cc lies, or null — see `hotSpot(_:discounted:)`),
/// `verdicts` (all, including organs without ROI), `summary` (counts by status),
/// `unmatched_rois`, `organs_without_roi`, `diagnostics`, `provenance` (`Provenance`, or null). Added keys
/// (uncertainty bands): `uncertainty_scenarios` (scenario names), per ROI `dvh_envelope` ({`dose_gy`,
/// `volume_lower`, `volume_upper`, `volume_unit`} or null), per verdict those of `UncertaintyFormatting.jsonKeys`.
///
/// `dosesum.metrics/1`: `schema`, `engine_version`, `dose`, `rois` (each: `name`, `number`,
/// `volume_cc`, `metrics` keyed by notation, `not_evaluable`), `diagnostics`, `provenance` (or null).
public enum JSONReportRenderer {
    public static let checkSchema = "dosesum.check/2"
    public static let metricsSchema = "dosesum.metrics/1"

    public static func render(_ r: CheckReport) throws -> Data {
        let rois: [[String: Any]] = r.rois.map { roi in
            var item: [String: Any] = [
                "name": roi.name, "number": json(roi.number?.rawValue), "organ": json(roi.organ?.tg263Name),
                "alpha_beta_gy": number(roi.alphaBeta), "volume_cc": json(roi.volume.map { number($0.value) }),
                "same_region_worst_case_gy": json(roi.sameRegionWorstCase?.number.map(number)),
                "verdicts": r.verdicts(for: roi).map(verdict),
                "alpha_beta_source": roi.alphaBetaSource.description, "recovery": number(roi.recovery),
            ]
            var reasons: [[String: Any]] = []
            var maps = roi.courses.enumerated().map { ("course\($0.offset + 1)", $0.element) } + [("composite", roi.composite)]
            if let undiscounted = roi.compositeUndiscounted { maps.append(("composite_undiscounted", undiscounted)) }
            for (key, map) in maps {
                let (values, why) = metricObject(map, dose: key)
                item[key] = values; reasons += why
            }
            if case .notEvaluable(let why)? = roi.sameRegionWorstCase {
                reasons.append(["dose": "same_region_worst_case", "metric": "D0.03cc", "reason": why])
            }
            item["not_evaluable"] = reasons
            item["hot_spot"] = json(roi.hotSpot.map { hotSpot($0, discounted: roi.recovery > 0) })
            if let factors = roi.recoveryByCourse { item["recovery_by_course"] = factors.map(number) }
            item["dvh_envelope"] = json(roi.compositeEnvelope.map { e in
                ["dose_gy": e.dose.map(number), "volume_lower": e.lower.map(number), "volume_upper": e.upper.map(number),
                 "volume_unit": e.volumeUnit.rawValue] as [String: Any]
            })
            return item
        }
        let root: [String: Any] = [
            "schema": checkSchema, "engine_version": r.engineVersion, "generated_at": json(r.generatedAt),
            "patient": ["id": r.patient.id, "name": r.patient.name],
            "inputs": inputs(r.inputs),
            "protocol": ["id": r.protocolSet.id, "title": r.protocolSet.title, "citation": r.protocolSet.citation],
            "rois": rois, "verdicts": r.verdicts.map(verdict), "summary": r.statusCounts,
            "unmatched_rois": r.unmatchedROIs, "organs_without_roi": r.organsWithoutROI.map(\.tg263Name),
            "roi_suggestions": r.roiSuggestions.map { ["roi": $0.roiName, "organ": $0.organ.tg263Name, "override": $0.override] },
            "diagnostics": r.diagnostics.map(diagnostic),
            "status": r.status.rawValue, "status_reasons": r.incompleteReasons,
            "absent_organs": r.absentOrgans.map(\.tg263Name),
            "overrides": r.overrides.map { ["kind": $0.kind.rawValue, "detail": $0.detail] },
            "options": Dictionary(r.options, uniquingKeysWith: { a, _ in a }),
            "provenance": ProvenanceRendering.json(r.provenance),
            "uncertainty_scenarios": r.scenarios,
        ]
        return try serialize(root)
    }

    public static func render(_ r: MetricsReport) throws -> Data {
        let rois: [[String: Any]] = r.rois.map { roi in
            let (values, why) = metricObject(roi.metrics, dose: "dose")
            return ["name": roi.name, "number": roi.number.rawValue, "volume_cc": json(roi.volume.map { number($0.value) }),
                    "metrics": values, "not_evaluable": why]
        }
        let root: [String: Any] = [
            "schema": metricsSchema, "engine_version": r.engineVersion,
            "dose": ["path": r.dosePath, "uid": r.doseUID, "description": r.doseDescription],
            "structure_set": ["path": r.structureSetPath, "surface": r.surface],
            "rois": rois, "diagnostics": r.diagnostics.map(diagnostic),
            "provenance": ProvenanceRendering.json(r.provenance),
        ]
        return try serialize(root)
    }

    static func serialize(_ root: [String: Any]) throws -> Data {
        do {
            return try JSONValue(root).encoded()
        } catch {
            throw DoseSumError(.internalError, "cannot encode the report as JSON: \(error)")
        }
    }

    /// `{"D0.03cc": 12.3, "Dmax": null}` plus the reasons for the nulls.
    static func metricObject(_ map: [DoseMetric: MetricValue], dose: String) -> ([String: Any], [[String: Any]]) {
        var values: [String: Any] = [:]
        var reasons: [[String: Any]] = []
        for (metric, value) in map.sorted(by: { $0.key.notation < $1.key.notation }) {
            switch value {
            case .value(let v): values[metric.notation] = number(v)
            case .notEvaluable(let why):
                values[metric.notation] = NSNull()
                reasons.append(["dose": dose, "metric": metric.notation, "reason": why])
            }
        }
        return (values, reasons)
    }

    /// `{"metric": "D0.03cc", "position_mm": [x, y, z], "course_shares": [0.71, 0.29], …}`: the centroid
    /// of the hottest 0.03 cc of the composite the verdict uses (LPS mm), each course's share of it
    /// there, each course's mean EQD2 there (Gy, undiscounted) and the composite's.
    static func hotSpot(_ h: HotSpot, discounted: Bool) -> [String: Any] {
        ["metric": h.metric.notation, "composite": discounted ? "composite_discounted" : "composite",
         "position_mm": [h.positionMM.x, h.positionMM.y, h.positionMM.z].map(number),
         "course_shares": json(h.courseShares?.map(number)), "course_eqd2_gy": h.courseEQD2.map(number),
         "composite_mean_gy": number(h.compositeMeanGy), "volume_cc": number(h.volumeMM3 / 1000), "samples": h.sampleCount]
    }

    static func verdict(_ v: Verdict) -> [String: Any] {
        let c = v.constraint
        return UncertaintyFormatting.jsonKeys(v, number: number).merging([
            "organ": v.organ.tg263Name, "roi": json(v.roiName), "metric": c.metric.notation, "scope": c.scope.rawValue,
            "level": c.level.rawValue, "comparator": c.comparator.rawValue, "limit_gy": json(c.limit.map(number)),
            "value_gy": json(v.value.map(number)), "margin_gy": json(v.margin.map(number)),
            "status": v.status.name, "reason": json(v.status.reason), "priority": json(v.priority),
            "interval": json(c.interval?.description), "alpha_beta_gy": json(c.alphaBeta.map(number)),
            "source": c.source, "printed": c.printed, "as_printed": c.asPrinted, "note": c.note,
            "exception": json(v.exception), "caveats": v.caveats,
            "alpha_beta_used_gy": json(v.alphaBetaGy.map(number)), "alpha_beta_source": json(v.alphaBetaSource?.description),
            "dose": c.doseKind.rawValue, "judged_dose": c.judgedDose,
            "value_undiscounted_gy": json(v.undiscountedValue.map(number)),
        ], uniquingKeysWith: { _, b in b })
    }

    static func inputs(_ i: CheckInputs) -> [String: Any] {
        func course(_ c: CourseInputs) -> [String: Any] {
            ["label": c.label, "dose_path": c.dosePath, "dose_uid": c.doseUID, "plan_path": json(c.planPath),
             "plan_uid": json(c.planUID), "fractions": c.fractions, "prescription_gy": json(c.prescriptionGy.map(number))]
        }
        var out: [String: Any] = [
            "structure_set": ["path": i.structureSetPath, "uid": i.structureSetUID],
            "registration": ["description": i.registration, "matrix": json(i.registrationMatrix?.map(number))],
            "alpha_beta_gy": i.alphaBeta.mapValues(number), "default_alpha_beta_gy": i.defaultAlphaBeta.map(number) ?? NSNull(),
            "recovery": i.recovery, "interval_months": json(i.intervalMonths.map(number)),
        ]
        for (n, c) in i.courses.enumerated() { out["course\(n + 1)"] = course(c) }
        return out
    }

    static func diagnostic(_ d: Diagnostic) -> [String: Any] {
        ["severity": d.severity.rawValue, "code": d.code, "message": d.message, "subject": json(d.subject)]
    }

    /// Non-finite numbers have no JSON form: they become null.
    static func number(_ v: Double) -> Any { v.isFinite ? v : NSNull() }
    static func json(_ v: Any?) -> Any { v ?? NSNull() }
}

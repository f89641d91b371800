import Constraints
import Foundation

/// How every renderer shows a verdict's uncertainty band (see `VerdictUncertainty`).
enum UncertaintyFormatting {
    /// `68.90 [66.10 … 71.30]`: the value and the band over every scenario; the plain value without bands.
    static func banded(_ v: Verdict) -> String {
        let value = ReportFormatting.gy(v.value)
        guard v.value != nil, let b = v.uncertainty?.combined else { return value }
        return "\(value) [\(ReportFormatting.gy(b.lo)) … \(ReportFormatting.gy(b.hi))]"
    }

    /// `robust`, `FRAGILE`, or `—` (no band, no limit or no value).
    static func flag(_ v: Verdict) -> String {
        switch v.robustness {
        case .robust?: return "robust"
        case .fragile?: return "FRAGILE"
        case nil: return "—"
        }
    }

    /// `course 1 shifted 2 mm A: 71.30`, or nil when no scenario is worse than the nominal value.
    static func worst(_ v: Verdict) -> String? {
        v.uncertainty?.worst(comparator: v.constraint.comparator).map { "\($0.scenario): \(ReportFormatting.gy($0.value))" }
    }

    /// The JSON keys a verdict gains (additive to `dosesum.check/2`): `band_gy` ({`lo`, `hi`} over all
    /// bands, or null), `registration_band_gy`, `contour_band_gy`, `dose_grid_band_gy` (each {`lo`, `hi`,
    /// `worst_scenario`, `worst_value_gy`} or null), `robustness` (`robust`, `fragile` or null),
    /// `worst_scenario` and `worst_value_gy` (the worst named scenario over the bands, or null).
    static func jsonKeys(_ v: Verdict, number: (Double) -> Any) -> [String: Any] {
        func band(_ b: VerdictUncertainty.Band?) -> Any {
            guard let b else { return NSNull() }
            return ["lo": number(b.lo), "hi": number(b.hi), "worst_scenario": b.worstScenario ?? NSNull(), "worst_value_gy": number(b.worstValue)]
        }
        let u = v.uncertainty, worst = u?.worst(comparator: v.constraint.comparator)
        return [
            "band_gy": u?.combined.map { ["lo": number($0.lo), "hi": number($0.hi)] } ?? NSNull(),
            "registration_band_gy": band(u?.registration), "contour_band_gy": band(u?.contour), "dose_grid_band_gy": band(u?.doseGrid),
            "robustness": v.robustness?.rawValue ?? NSNull(),
            "worst_scenario": worst?.scenario ?? NSNull(), "worst_value_gy": worst.map { number($0.value) } ?? NSNull(),
        ]
    }

    /// Each kind of band that a verdict has, in words (Gy): `registration 66.10 … 71.30; contour 68.50 …
    /// 68.90; dose grid 68.70 … 69.10`; nil without bands.
    static func kinds(_ v: Verdict) -> String? {
        guard let u = v.uncertainty else { return nil }
        let parts = [("registration", u.registration), ("contour", u.contour), ("dose grid", u.doseGrid)].compactMap { name, b in
            b.map { "\(name) \(ReportFormatting.gy($0.lo)) … \(ReportFormatting.gy($0.hi))" }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The CSV columns a verdict row gains (appended after the existing ones): the band over all kinds,
    /// the flag, the worst scenario, then each kind's band (`registration_*`, `contour_*`, `dose_grid_*`).
    static let csvHeader = ["band_lo_gy", "band_hi_gy", "robustness", "worst_scenario", "worst_value_gy",
                            "registration_lo_gy", "registration_hi_gy", "contour_lo_gy", "contour_hi_gy", "dose_grid_lo_gy", "dose_grid_hi_gy"]
    static func csvFields(_ v: Verdict) -> [String] {
        let u = v.uncertainty, b = u?.combined, worst = u?.worst(comparator: v.constraint.comparator)
        let kinds = [u?.registration, u?.contour, u?.doseGrid].flatMap { k in [k.map { "\($0.lo)" } ?? "", k.map { "\($0.hi)" } ?? ""] }
        return [b.map { "\($0.lo)" } ?? "", b.map { "\($0.hi)" } ?? "", v.robustness?.rawValue ?? "", worst?.scenario ?? "",
                worst.map { "\($0.value)" } ?? ""] + kinds
    }

    /// Text-summary lines: every banded verdict's band per kind (empty when no verdict has bands).
    static func kindLines(_ r: CheckReport) -> [String] {
        let lines = r.verdicts.compactMap { v in
            kinds(v).map { "  \(v.organ.tg263Name) \(v.constraint.metric.notation) \(ReportFormatting.limit(v.constraint)): \($0)" }
        }
        return lines.isEmpty ? [] : ["Bands by kind (Gy):"] + lines
    }

    /// Text-summary lines: one per fragile verdict, with its band and worst scenario (empty when none).
    static func fragileLines(_ r: CheckReport) -> [String] {
        let fragile = r.verdicts.filter { $0.robustness == .fragile }
        guard !fragile.isEmpty else { return [] }
        return ["FRAGILE verdicts (the band crosses the limit):"] + fragile.map { v in
            "  \(v.organ.tg263Name) \(v.constraint.metric.notation) \(ReportFormatting.limit(v.constraint)): \(banded(v)) \(v.status.display)"
                + (worst(v).map { "; worst \($0)" } ?? "")
        }
    }
}

import Foundation
import RTCore

/// A dose-volume metric in clinical notation, parsed once at the edge into a typed value.
///
/// Notation (case-insensitive for the letters, `.` as decimal point):
/// - `Dmax`, `Dmin`, `Dmean` — over the structure's occupancy-weighted samples, Gy.
/// - `D0.03cc` (any `D<x>cc`) — lowest dose within the hottest x cm³ (near-maximum), Gy.
/// - `D95%` (any `D<x>%`) — lowest dose within the hottest x % of the volume, Gy.
/// - `V20Gy` — volume receiving at least 20 Gy, cc; `V20Gy%` — the same in % of the structure volume.
/// - `volume` — the structure volume, cc.
public enum DoseMetric: Hashable, Sendable, CustomStringConvertible {
    case dmax, dmin, dmean, volume
    case doseAtAbsoluteVolume(cc: Double)
    case doseAtRelativeVolume(percent: Double)
    case volumeAtDose(gy: Double, relative: Bool)

    public enum Unit: String, Sendable { case gray = "Gy", cubicCentimetres = "cc", percent = "%" }

    /// Parses clinical notation; throws `DoseSumError(.usage)` naming the text when it is not a metric.
    public init(notation raw: String) throws {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        func number(_ s: Substring) -> Double? {
            guard !s.isEmpty, !s.contains(","), let v = Double(s), v.isFinite, v >= 0 else { return nil }
            return v
        }
        switch lower {
        case "dmax": self = .dmax; return
        case "dmin": self = .dmin; return
        case "dmean": self = .dmean; return
        case "volume", "vol": self = .volume; return
        default: break
        }
        if lower.hasPrefix("d"), lower.hasSuffix("cc"), let x = number(lower.dropFirst().dropLast(2)), x > 0 {
            self = .doseAtAbsoluteVolume(cc: x); return
        }
        if lower.hasPrefix("d"), lower.hasSuffix("%"), let x = number(lower.dropFirst().dropLast()), x <= 100 {
            self = .doseAtRelativeVolume(percent: x); return
        }
        if lower.hasPrefix("v"), lower.hasSuffix("gy%"), let x = number(lower.dropFirst().dropLast(3)) {
            self = .volumeAtDose(gy: x, relative: true); return
        }
        if lower.hasPrefix("v"), lower.hasSuffix("gy"), let x = number(lower.dropFirst().dropLast(2)) {
            self = .volumeAtDose(gy: x, relative: false); return
        }
        throw DoseSumError(.usage, "'\(raw)' is not a dose metric; expected Dmax, Dmin, Dmean, D<x>cc (e.g. D0.03cc), D<x>% (e.g. D95%), V<x>Gy, V<x>Gy% or volume")
    }

    /// The canonical notation, e.g. `D0.03cc`, `D95%`, `V20Gy`; used as JSON keys.
    public var notation: String {
        func fmt(_ v: Double) -> String {
            v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
        }
        switch self {
        case .dmax: return "Dmax"
        case .dmin: return "Dmin"
        case .dmean: return "Dmean"
        case .volume: return "volume"
        case .doseAtAbsoluteVolume(let cc): return "D\(fmt(cc))cc"
        case .doseAtRelativeVolume(let p): return "D\(fmt(p))%"
        case .volumeAtDose(let gy, let rel): return "V\(fmt(gy))Gy" + (rel ? "%" : "")
        }
    }
    public var description: String { notation }

    public var unit: Unit {
        switch self {
        case .volume: return .cubicCentimetres
        case .volumeAtDose(_, let rel): return rel ? .percent : .cubicCentimetres
        default: return .gray
        }
    }

    /// The default metric list of `dosesum metrics`.
    public static let defaults: [DoseMetric] = [
        .dmin, .dmax, .dmean, .doseAtAbsoluteVolume(cc: 0.03), .doseAtAbsoluteVolume(cc: 0.05),
        .doseAtAbsoluteVolume(cc: 0.1), .doseAtRelativeVolume(percent: 1), .doseAtRelativeVolume(percent: 5),
        .doseAtRelativeVolume(percent: 95), .doseAtRelativeVolume(percent: 99),
    ]
}

/// The result of evaluating one metric: a number in the metric's unit, or the reason there is none.
public enum MetricValue: Hashable, Sendable {
    case value(Double)
    case notEvaluable(reason: String)
    public var number: Double? { if case .value(let v) = self { return v } else { return nil } }
}

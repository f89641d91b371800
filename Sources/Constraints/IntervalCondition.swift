import Foundation

/// A condition on the time since the first course, in months (1 year = 12 months).
///
/// Text form: `< 24 months`, `<= 24 months`, `>= 24 months`, `> 24 months`; `y`/`years` multiply by 12
/// (`≥ 2 y` is `>= 24 months`); `≤` and `≥` are accepted.
public struct IntervalCondition: Hashable, Sendable, CustomStringConvertible {
    public var comparator: Constraint.Comparator
    public var months: Double

    public init(_ comparator: Constraint.Comparator, months: Double) {
        self.comparator = comparator; self.months = months
    }

    /// Parses the text form; nil when it is not one.
    public init?(text: String) {
        var s = text.trimmingCharacters(in: .whitespaces)
        var comparator: Constraint.Comparator?
        for sym in ["<=", ">=", "≤", "≥", "<", ">"] where s.hasPrefix(sym) {
            comparator = Constraint.Comparator(symbol: sym); s = String(s.dropFirst(sym.count)); break
        }
        guard let comparator else { return nil }
        s = s.trimmingCharacters(in: .whitespaces)
        let numberPart = s.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(numberPart), value >= 0 else { return nil }
        let unit = s.dropFirst(numberPart.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factor: Double
        switch unit {
        case "months", "month", "mo", "m": factor = 1
        case "years", "year", "y", "yr", "yrs": factor = 12
        default: return nil
        }
        self.init(comparator, months: value * factor)
    }

    /// True when an interval of `months` satisfies the condition.
    public func admits(months value: Double) -> Bool { comparator.holds(value, months) }

    /// `< 24 months`.
    public var description: String { "\(comparator.rawValue) \(formatGy(months)) months" }
}

/// The one definition of a recovery-discounted composite: with recovery factors for a tissue
/// (`RecoveryFactors`: one r for every earlier course, or rₖ per course k), course k enters the
/// composite EQD2 with weight 1 − rₖ and the last course (the one judged or planned) with weight 1.
/// With every factor 0 every weight is 1: the plain sum.
public enum RecoveryWeighting {
    /// The weight of course `n` (0-based) among `count` courses.
    @inlinable public static func weight(ofCourse n: Int, of count: Int, recovery: RecoveryFactors) -> Double {
        n < count - 1 ? 1 - recovery.factor(ofCourse: n, of: count) : 1
    }

    /// The weights of `count` courses, in course order.
    public static func weights(courses count: Int, recovery: RecoveryFactors) -> [Double] {
        (0..<count).map { weight(ofCourse: $0, of: count, recovery: recovery) }
    }

    /// The factor of each course (0 for the last), in course order: what the reports show.
    public static func factors(courses count: Int, recovery: RecoveryFactors) -> [Double] {
        (0..<count).map { recovery.factor(ofCourse: $0, of: count) }
    }

    /// The discount in words for `count` courses, each discounted course with its percentage:
    /// "30 % of course 1 discounted", "50 % of course 1, 25 % of course 2 discounted"; nil when no
    /// course is discounted.
    public static func words(courses count: Int, recovery: RecoveryFactors) -> String? {
        words(factors: factors(courses: count, recovery: recovery))
    }

    /// `words(courses:recovery:)` from the factors per course (`factors(courses:recovery:)`).
    public static func words(factors: [Double]) -> String? {
        let parts = factors.enumerated().filter { $0.element > 0 }
            .map { "\(Int(($0.element * 100).rounded())) % of course \($0.offset + 1)" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ") + " discounted"
    }
}

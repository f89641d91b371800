/// The one definition of a recovery-discounted composite: with a recovery factor r ∈ [0, 1] for a
/// tissue, every course but the last enters the composite EQD2 with weight 1 − r and the last (the
/// course being judged or planned) with weight 1. With r = 0 every weight is 1: the plain sum.
public enum RecoveryWeighting {
    /// The weight of course `n` (0-based) among `count` courses.
    @inlinable public static func weight(ofCourse n: Int, of count: Int, recovery: Double) -> Double {
        n < count - 1 ? 1 - recovery : 1
    }

    /// The weights of `count` courses, in course order.
    public static func weights(courses count: Int, recovery: Double) -> [Double] {
        (0..<count).map { weight(ofCourse: $0, of: count, recovery: recovery) }
    }
}

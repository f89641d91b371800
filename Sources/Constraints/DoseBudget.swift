/// The dose a second course may still give to an organ, assuming the worst case that the same
/// region is hit by both courses (NPC-2021 worked example under Table 2).
///
/// All doses are Gy: `used` and `limit` are EQD2; the returned physical doses are course-2 doses.
/// LQ model: a course-2 physical dose D in n fractions has EQD2 = D·(D/n + α/β)/(2 + α/β).
public struct DoseBudget: Hashable, Sendable {
    /// EQD2 already received (Gy), typically course-1 D0.03cc.
    public var used: Double
    /// Cumulative EQD2 limit (Gy).
    public var limit: Double
    /// α/β of the organ (Gy), > 0.
    public var alphaBeta: Double

    public init(used: Double, limit: Double, alphaBeta: Double) {
        self.used = used; self.limit = limit; self.alphaBeta = alphaBeta
    }

    /// EQD2 left for course 2 (Gy): `limit − used`, and 0 when the limit is already reached.
    public var remainingEQD2: Double { max(0, limit - used) }

    /// The largest course-2 physical dose (Gy) in `fractions` fractions whose EQD2 does not exceed
    /// `remainingEQD2`: the positive root of D²/n + (α/β)·D − R·(2 + α/β) = 0, written in the
    /// cancellation-free form D = 2R(2 + α/β) / (α/β + √((α/β)² + 4R(2 + α/β)/n)). 0 when R = 0.
    public func physicalDose(fractions: Int) -> Double {
        precondition(fractions > 0, "fraction count must be positive")
        let r = remainingEQD2, ab = alphaBeta, n = Double(fractions)
        guard r > 0 else { return 0 }
        return 2 * r * (2 + ab) / (ab + (ab * ab + 4 * r * (2 + ab) / n).squareRoot())
    }

    /// The largest course-2 physical dose (Gy) at a fixed dose per fraction d (Gy):
    /// R·(2 + α/β)/(d + α/β); equals `remainingEQD2` at 2 Gy per fraction.
    public func physicalDose(dosePerFraction d: Double) -> Double {
        remainingEQD2 * (2 + alphaBeta) / (d + alphaBeta)
    }
}

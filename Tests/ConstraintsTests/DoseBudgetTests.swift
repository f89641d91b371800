import Testing
@testable import Constraints

/// NPC-2021 worked example (under Table 2) and closed-form checks of the LQ budget.
@Suite struct DoseBudgetTests {
    // Brain stem: desirable 70.2 Gy, acceptable 81 Gy EQD2.
    @Test(arguments: [(50.0, 70.2, 20.2), (50.0, 81.0, 31.0), (60.0, 70.2, 10.2), (60.0, 81.0, 21.0)])
    func workedExample(used: Double, limit: Double, left: Double) {
        let b = DoseBudget(used: used, limit: limit, alphaBeta: 2.5)
        #expect(abs(b.remainingEQD2 - left) < 1e-9)
        // At 2 Gy per fraction the physical dose equals the EQD2 left.
        #expect(abs(b.physicalDose(dosePerFraction: 2) - left) < 1e-9)
        // In whole fractions of about 2 Gy, the root gives back exactly the EQD2 left.
        let n = Int((left / 2).rounded())
        let d = b.physicalDose(fractions: n)
        #expect(abs(d * (d / Double(n) + 2.5) / 4.5 - left) < 1e-9)
    }

    @Test func closedFormRoot() {
        // R = 20.2, α/β 2.5, n = 10: D²/10 + 2.5 D − 90.9 = 0 → D = 5(−2.5 + √(6.25 + 36.36)) = 20.138…
        let d = DoseBudget(used: 50, limit: 70.2, alphaBeta: 2.5).physicalDose(fractions: 10)
        #expect(abs(d - 5 * (-2.5 + (6.25 + 36.36).squareRoot())) < 1e-9)
        // R = 20 in 10 fractions: exactly 2 Gy per fraction, D = 20.
        #expect(abs(DoseBudget(used: 50, limit: 70, alphaBeta: 3).physicalDose(fractions: 10) - 20) < 1e-12)
        // Many small fractions: D → R(2 + α/β)/α/β.
        let many = DoseBudget(used: 0, limit: 10, alphaBeta: 2).physicalDose(fractions: 1_000_000)
        #expect(abs(many - 20) < 1e-3)
        // Hyperfractionation gives more physical dose than 2 Gy fractions.
        #expect(DoseBudget(used: 50, limit: 81, alphaBeta: 2).physicalDose(fractions: 26) > 31)
    }

    @Test func exhaustedBudgetIsZero() {
        #expect(DoseBudget(used: 81, limit: 81, alphaBeta: 2).physicalDose(fractions: 30) == 0)
        #expect(DoseBudget(used: 90, limit: 70.2, alphaBeta: 2).remainingEQD2 == 0)
        #expect(DoseBudget(used: 90, limit: 70.2, alphaBeta: 2).physicalDose(dosePerFraction: 1.2) == 0)
    }
}

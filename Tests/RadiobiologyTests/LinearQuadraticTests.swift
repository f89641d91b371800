import RTCore
import Radiobiology
import Testing

@Suite struct LinearQuadraticTests {
    @Test("Known EQD2 and BED values", arguments: [
        // (D, n, α/β, EQD2, BED) by hand: EQD2 = D(D/n + α/β)/(2 + α/β), BED = D(1 + D/(n α/β)).
        (60.0, 30, 2.0, 60.0, 120.0),          // 2 Gy/fx: EQD2 = D
        (30.0, 10, 3.0, 36.0, 60.0),           // 30·6/5 = 36; 30·(1 + 1) = 60
        (30.0, 5, 2.0, 60.0, 120.0),           // 30·8/4 = 60; 30·4 = 120
        (20.0, 5, 10.0, 23.333333333333332, 28.0), // 20·14/12; 20·1.4
    ])
    func known(d: Double, n: Int, ab: Double, expectedEQD2: Double, expectedBED: Double) throws {
        let a = try AlphaBeta(ab)
        #expect(abs(try eqd2(totalDose: Gray(d), fractions: n, alphaBeta: a).value - expectedEQD2) < 1e-12)
        #expect(abs(try bed(totalDose: Gray(d), fractions: n, alphaBeta: a).value - expectedBED) < 1e-12)
    }

    @Test("At 2 Gy per fraction EQD2 equals the physical dose for any α/β", arguments: [0.5, 2, 3, 10, 1000])
    func twoGyPerFraction(ab: Double) throws {
        let lq = try LQConversion(fractions: 25, alphaBeta: AlphaBeta(ab))
        #expect(abs(lq.eqd2(50) - 50) < 1e-12)
    }

    @Test("EQD2 tends to the physical dose as α/β → ∞ (30 Gy in 5 fx: |EQD2 − D| = 120/(2 + α/β))")
    func largeAlphaBeta() throws {
        var previous = Double.infinity
        for ab in [1.0, 10, 100, 1e3, 1e4, 1e6] {
            let gap = abs(try LQConversion(fractions: 5, alphaBeta: AlphaBeta(ab)).eqd2(30) - 30)
            #expect(abs(gap - 120 / (2 + ab)) < 1e-9)
            #expect(gap < previous)
            previous = gap
        }
        #expect(previous < 1e-3)
    }

    @Test("Invalid α/β and fraction numbers are refused")
    func invalid() throws {
        for bad in [0.0, -1, .nan, .infinity] { #expect(throws: DoseSumError.self) { try AlphaBeta(bad) } }
        #expect(throws: DoseSumError.self) { try LQConversion(fractions: 0, alphaBeta: AlphaBeta(3)) }
    }

    @Test("Policy: per-ROI (exact, then case-insensitive), then default, then organ convention; a row's own α/β first; recovery validated")
    func policy() throws {
        let p = try AlphaBetaPolicy(perROI: ["BrainStem": 2.5, "PTV": 10], default: 3, recovery: ["BrainStem": 0.25])
        #expect(p.resolve(roiName: "BrainStem", organ: Organ(.brainStem))?.0.gray == 2.5)
        #expect(p.resolve(roiName: "BrainStem", organ: Organ(.brainStem))?.1 == .givenForROI)
        #expect(p.resolve(roiName: "Parotid_L", organ: nil)?.1 == .givenDefault)
        #expect(p.resolve(roiName: "brainstem", organ: nil)?.0.gray == 2.5)
        #expect(p.resolve(roiName: "Parotid_L", organ: nil)?.0.gray == 3)
        #expect(p.assignment.recovery(for: "BRAINSTEM") == 0.25 && p.assignment.recovery(for: "PTV") == 0)
        let conventions = try AlphaBetaPolicy(perROI: [:], default: nil, recovery: [:])
        #expect(conventions.resolve(roiName: "Chiasm", organ: Organ(.opticChiasm))?.0.gray == 2)
        #expect(conventions.resolve(roiName: "Chiasm", organ: Organ(.opticChiasm))?.1 == .convention("optic chiasm"))
        #expect(conventions.resolve(roiName: "Cord", organ: nil) == nil)
        // A row that states α/β 3 is judged at 3 whatever the ROI's; one that states none at the ROI's.
        let row = conventions.forRow(statedAlphaBeta: 3, roiName: "Chiasm", organ: Organ(.opticChiasm))
        #expect(row?.0.gray == 3 && row?.1 == .constraintRow)
        #expect(p.forRow(statedAlphaBeta: nil, roiName: "BrainStem", organ: Organ(.brainStem))?.0.gray == 2.5)
        #expect(throws: DoseSumError.self) { try AlphaBetaAssignment(recovery: ["Cord": 1.5]) }
    }
}

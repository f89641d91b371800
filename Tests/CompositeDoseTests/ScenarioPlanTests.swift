@testable import CompositeDose
import Foundation
import Grids
import Radiobiology
import Testing
import TestSupport

/// The pieces of the registration plan's one-pass bound (`ScenarioPlan`): course 1's nominal
/// physical dose recovered from its EQD2 is never below the dose, and the index map's inverse.
struct ScenarioPlanTests {
    @Test("the physical dose recovered from an EQD2 bounds the dose from above, within 2e-5 relative")
    func physicalUpperBoundsTheDose() throws {
        var rng = SplitMix(state: 18)
        for ab in [0.5, 2, 3, 10, 1e300] {
            for fractions in [1, 5, 30, 35] {
                let lq = try LQConversion(fractions: fractions, alphaBeta: try AlphaBeta(ab))
                for _ in 0..<2000 {
                    // doses from 0 to 90 Gy, stored as Float as the sample points hold them
                    let d = Float(Double.random(in: 0...90, using: &rng))
                    let e = Float(lq.eqd2(Double(d)))
                    let up = ScenarioPlan.physicalUpper(eqd2: e, conversion: lq)
                    #expect(up >= d && Double(up - d) <= 2e-5 * (1 + Double(d)), "α/β \(ab), n \(fractions): \(d) → \(e) → \(up)")
                }
                #expect(ScenarioPlan.physicalUpper(eqd2: 0, conversion: lq) >= 0)
            }
        }
    }

    @Test("a matrix times its inverse is the identity")
    func inverse() {
        let m = Matrix3(columns: [2, 0.5, -1], [0.3, 1.7, 0.2], [-0.4, 0.1, 3])
        let p = m * m.inverse, q = m.inverse * m
        for r in 0..<3 { for c in 0..<3 { #expect(abs(p[r, c] - (r == c ? 1 : 0)) < 1e-12 && abs(q[r, c] - (r == c ? 1 : 0)) < 1e-12) } }
    }
}

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

    @Test("a point whose nominal composite is below the nominal skip has a bound below the floor, for any lift up to the largest")
    func nominalSkipIsSafe() throws {
        var rng = SplitMix(state: 61)
        var checked = 0
        for ab in [0.5, 2, 3, 10, 1e300] {
            for fractions in [1, 5, 35] {
                let lq = try LQConversion(fractions: fractions, alphaBeta: try AlphaBeta(ab))
                for _ in 0..<300 {
                    let keep = Double.random(in: 0.3...1, using: &rng), largest = Double.random(in: 0...15, using: &rng)
                    let floor = Double.random(in: 1...120, using: &rng)
                    let composite = ScenarioPlan.CompositeBound(keep: keep, conversion: lq)
                    let doses = (0..<20).map { _ in Float(Double.random(in: 0...80, using: &rng)) }
                    let e1 = doses.map { Float(lq.eqd2(Double($0))) }
                    let most = Double(ScenarioPlan.physicalUpper(eqd2: e1.max()!, conversion: lq))
                    let cut = ScenarioPlan.nominalSkip(below: floor, largestLift: largest, firstCourseMaximum: most, keep: keep, conversion: lq)
                    for e in e1 {
                        let e2 = Float(Double.random(in: 0...60, using: &rng))
                        // the nominal composite as PointDoses sums it
                        var t = 0.0; t += keep * Double(e); t += Double(e2)
                        let x = Float(t)
                        guard Double(x) < cut else { continue }
                        let d = Double(ScenarioPlan.physicalUpper(eqd2: e, conversion: lq))
                        for lift in [0, largest / 2, largest] {
                            #expect(composite(dose: d + lift, second: e2) < floor, "α/β \(ab), n \(fractions): x \(x) < cut \(cut) but bound ≥ \(floor)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 1000, "\(checked) checked")
    }
}

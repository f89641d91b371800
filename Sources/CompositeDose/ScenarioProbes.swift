import DoseMetrics
import Masks

/// One ROI's probes for `ScenarioEvaluator`: the points hottest by the nominal composite, holding
/// 4·`holding` mm³, whose exact values under a scenario set that scenario's level (any choice of
/// points gives a valid level: the values of a subset that hold a volume at or above a dose are held
/// by all points too; the nominal hottest give the highest levels), and course 2's EQD2 at every point.
struct ScenarioProbes {
    /// Course 2's EQD2 (Gy) at every point of the sampling.
    var second: [Float]
    /// The volume (mm³) a level holds: the largest hot-side volume asked plus the largest sample's;
    /// nil when some metric is not hot-side (no level, nothing pruned).
    var holding: Double?
    /// The probe points, their volumes (mm³) and course 2's EQD2 there (Gy).
    var points: [SIMD3<Float>] = [], weights: [Float] = [], probeSecond: [Float] = []
    /// The nominal verdict composite's DVH, when probes were taken (its samples are the values at every point).
    var nominal: DoseVolumeHistogram?

    /// No probes (nothing is pruned).
    init(second: [Float]) { self.second = second }

    /// - Parameter nominal: the DVH of the nominal verdict composite, whose samples are its values at
    ///   every point (Gy EQD2, point order, the sampling's weights as volumes).
    init(sampling s: StructureSampling, second: [Float], nominal dvh: DoseVolumeHistogram, holding: Double) {
        self.second = second
        self.holding = holding
        nominal = dvh
        guard let cut = dvh.holdingLevel(4 * holding) else { return }
        let nominal = dvh.samples.doses
        for p in nominal.indices where Double(nominal[p]) >= cut {
            points.append(s.points[p]); weights.append(s.weights[p]); probeSecond.append(second[p])
        }
    }
}

/// The band a composite DVH sweeps under the uncertainty scenarios: on one dose axis (Gy EQD2), the
/// lowest and highest volume (%, or cc as `volumeUnit` says) of the nominal curve and every
/// scenario's curve. Drawn as a shaded envelope behind the curves.
public struct DVHEnvelope: Sendable, Hashable {
    public var dose: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var volumeUnit: DVHPlotCurve.VolumeUnit

    public init(dose: [Double], lower: [Double], upper: [Double], volumeUnit: DVHPlotCurve.VolumeUnit = .percent) {
        let n = min(dose.count, lower.count, upper.count)
        self.dose = Array(dose.prefix(n)); self.lower = Array(lower.prefix(n)); self.upper = Array(upper.prefix(n))
        self.volumeUnit = volumeUnit
    }

    /// The envelope of cumulative curves (doses ascending, volumes falling): each is read on a shared
    /// axis of `points` doses from `from` (Gy, clamped to 0 … the top) to the highest dose of any
    /// curve, linearly between its points and 0 beyond its last dose. nil without a curve.
    public init?(curves: [DVHPlotCurve], points: Int = 121, from: Double = 0) {
        let usable = curves.filter { !$0.isEmpty }
        guard let first = usable.first, points >= 2 else { return nil }
        let top = usable.compactMap { $0.dose.last }.max() ?? 0
        let start = min(max(0, from.isFinite ? from : 0), top)
        let axis = (0..<points).map { start + (top - start) * Double($0) / Double(points - 1) }
        var lower = [Double](repeating: .infinity, count: points), upper = [Double](repeating: -.infinity, count: points)
        for c in usable {
            var k = 0
            for (n, d) in axis.enumerated() {
                while k + 1 < c.dose.count && c.dose[k + 1] < d { k += 1 }
                let v: Double
                if d > c.dose.last! { v = 0 }
                else if d <= c.dose[0] || k + 1 >= c.dose.count { v = c.volume[k] }
                else {
                    let (d0, d1) = (c.dose[k], c.dose[k + 1])
                    v = d1 > d0 ? c.volume[k] + (c.volume[k + 1] - c.volume[k]) * (d - d0) / (d1 - d0) : c.volume[k + 1]
                }
                lower[n] = min(lower[n], v); upper[n] = max(upper[n], v)
            }
        }
        self.init(dose: axis, lower: lower, upper: upper, volumeUnit: first.volumeUnit)
    }
}

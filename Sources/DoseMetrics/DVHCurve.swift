/// Which cumulative DVH curve to read along with a structure's metrics: `points` (≥ 2) doses evenly
/// spaced from 0 to the maximum dose, volumes in `unit`.
public struct DVHCurveRequest: Sendable, Hashable {
    public var points: Int
    public var unit: DVHCurve.VolumeUnit
    public init(points: Int, unit: DVHCurve.VolumeUnit) { self.points = points; self.unit = unit }
}

/// A sampled DVH curve for plots and CSV: doses (Gy) with volumes in cc or % of the structure.
public struct DVHCurve: Sendable, Hashable {
    public enum Kind: String, Sendable { case cumulative, differential }
    public enum VolumeUnit: String, Sendable { case cubicCentimetres = "cc", percent = "%" }
    public var kind: Kind
    public var volumeUnit: VolumeUnit
    /// Cumulative: the dose of each point; differential: the centre of each dose bin (Gy).
    public var doses: [Double]
    /// Cumulative: volume receiving ≥ dose; differential: volume per Gy inside the bin (cc/Gy or %/Gy).
    public var volumes: [Double]

    /// `dose,volume` lines with a header naming the units.
    public var csv: String {
        let unit = (volumeUnit == .percent ? "percent" : "cc") + (kind == .differential ? "_per_gy" : "")
        return "dose_gy,volume_\(unit)\n" + zip(doses, volumes).map { "\($0),\($1)\n" }.joined()
    }
}

extension DoseVolumeHistogram {
    private func scale(_ unit: DVHCurve.VolumeUnit) -> Double {
        unit == .percent ? (totalVolumeMM3 > 0 ? 100 / totalVolumeMM3 : 0) : 1.0 / 1000
    }

    /// The cumulative DVH at `points` (≥ 2) doses evenly spaced from 0 to the maximum dose inclusive,
    /// read from the exact curve (`volumeMM3(atDose:)`). Empty structure: no points.
    public func cumulativeCurve(points: Int = 101, unit: DVHCurve.VolumeUnit = .cubicCentimetres) -> DVHCurve {
        let doses = cumulativeCurveDoses(points: points)
        return cumulativeCurve(doses: doses, volumesMM3: volumesMM3(atDoses: doses), unit: unit)
    }

    /// The doses of `cumulativeCurve(points:unit:)`: evenly spaced from 0 to the maximum dose inclusive.
    func cumulativeCurveDoses(points: Int) -> [Double] {
        guard let top = maximumDose, points >= 2 else { return [] }
        return (0..<points).map { max(top, 0) * Double($0) / Double(points - 1) }
    }

    /// The cumulative curve through `doses` with their volumes (mm³), in `unit`.
    func cumulativeCurve(doses: [Double], volumesMM3: [Double], unit: DVHCurve.VolumeUnit) -> DVHCurve {
        let s = scale(unit)
        return DVHCurve(kind: .cumulative, volumeUnit: unit, doses: doses, volumes: volumesMM3.map { $0 * s })
    }

    /// The differential DVH in `bins` equal dose bins from 0 to the maximum dose: volume inside each bin
    /// per Gy (difference of the exact cumulative curve at the bin edges ÷ bin width). The hottest
    /// sample's own volume falls in the last bin.
    public func differentialCurve(bins: Int = 100, unit: DVHCurve.VolumeUnit = .cubicCentimetres) -> DVHCurve {
        var curve = DVHCurve(kind: .differential, volumeUnit: unit, doses: [], volumes: [])
        guard let top = maximumDose, top > 0, bins >= 1 else { return curve }
        let s = scale(unit), w = top / Double(bins)
        // bin b spans [edge b, edge b + 1); the last edge is just above the maximum
        let edges = (0...bins).map { $0 == bins ? top.nextUp : w * Double($0) }
        let above = volumesMM3(atDoses: edges)
        curve.doses = (0..<bins).map { w * (Double($0) + 0.5) }
        curve.volumes = (0..<bins).map { (above[$0] - above[$0 + 1]) * s / w }
        return curve
    }
}

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
        var curve = DVHCurve(kind: .cumulative, volumeUnit: unit, doses: [], volumes: [])
        guard let top = maximumDose, points >= 2 else { return curve }
        let s = scale(unit)
        for n in 0..<points {
            let d = max(top, 0) * Double(n) / Double(points - 1)
            curve.doses.append(d); curve.volumes.append(volumeMM3(atDose: d) * s)
        }
        return curve
    }

    /// The differential DVH in `bins` equal dose bins from 0 to the maximum dose: volume inside each bin
    /// per Gy (difference of the exact cumulative curve at the bin edges ÷ bin width). The hottest
    /// sample's own volume falls in the last bin.
    public func differentialCurve(bins: Int = 100, unit: DVHCurve.VolumeUnit = .cubicCentimetres) -> DVHCurve {
        var curve = DVHCurve(kind: .differential, volumeUnit: unit, doses: [], volumes: [])
        guard let top = maximumDose, top > 0, bins >= 1 else { return curve }
        let s = scale(unit), w = top / Double(bins)
        for b in 0..<bins {
            let lo = w * Double(b), hi = b == bins - 1 ? top.nextUp : w * Double(b + 1)
            curve.doses.append(w * (Double(b) + 0.5))
            curve.volumes.append((volumeMM3(atDose: lo) - volumeMM3(atDose: hi)) * s / w)
        }
        return curve
    }
}

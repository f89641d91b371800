import Foundation

extension DoseVolumeHistogram {
    /// Evaluates one metric (definitions in `DoseVolumeHistogram` and below; volumes in cc at the
    /// boundary, mm³ inside):
    /// - `Dmax`, `Dmin`: highest / lowest sample dose (Gy); samples sit where the structure is, so
    ///   these are the extremes over the structure to within half a sub-cell.
    /// - `Dmean`: volume-weighted mean dose (Gy).
    /// - `D<x>cc`: the lowest dose within the hottest x cc, `dose(atVolumeMM3: 1000·x)`; not
    ///   evaluable when the structure is smaller than x cc.
    /// - `D<x>%`: the same at x % of the structure volume (D0% = Dmax, D100% = Dmin).
    /// - `V<x>Gy`: volume (cc) receiving at least x Gy, `volumeMM3(atDose: x)`; `V<x>Gy%`: the same
    ///   in % of the structure volume.
    /// - `volume`: the structure volume (cc); 0 for an empty structure.
    /// Every dose metric of an empty structure is not evaluable.
    public func evaluate(_ metric: DoseMetric) -> MetricValue { evaluate([metric])[metric]! }

    /// Evaluates several metrics, answering all their DVH queries in one batch.
    public func evaluate(_ metrics: [DoseMetric]) -> [DoseMetric: MetricValue] { evaluate(metrics, curve: nil).values }

    /// Evaluates several metrics and reads a cumulative curve (`cumulativeCurve(points:unit:)`),
    /// answering all their DVH queries in one batch (one pass over the samples).
    public func evaluate(_ metrics: [DoseMetric], curve request: DVHCurveRequest?) -> (values: [DoseMetric: MetricValue], curve: DVHCurve?) {
        let total = totalVolumeMM3
        var volumes: [Double] = [], doses: [Double] = []
        for metric in metrics {
            switch metric {
            case .doseAtAbsoluteVolume(let cc): volumes.append(cc * 1000)
            case .doseAtRelativeVolume(let p): volumes.append(p / 100 * total)
            case .volumeAtDose(let gy, _): doses.append(gy)
            default: break
            }
        }
        let curveDoses = request.map { cumulativeCurveDoses(points: $0.points) } ?? []
        let answers = answer(volumes: volumes, doses: doses + curveDoses)
        let doseAt = Dictionary(zip(volumes, answers.doses), uniquingKeysWith: { a, _ in a })
        let volumeAt = Dictionary(zip(doses, answers.volumes), uniquingKeysWith: { a, _ in a })
        let values = Dictionary(metrics.map { m in (m, value(m, doseAt: { doseAt[$0]!! }, volumeAt: { volumeAt[$0]! })) },
                                uniquingKeysWith: { a, _ in a })
        let curve = request.map {
            cumulativeCurve(doses: curveDoses, volumesMM3: Array(answers.volumes.suffix(curveDoses.count)), unit: $0.unit)
        }
        return (values, curve)
    }

    private func value(_ metric: DoseMetric, doseAt: (Double) -> Double, volumeAt: (Double) -> Double) -> MetricValue {
        let total = totalVolumeMM3
        if case .volume = metric { return .value(total / 1000) }
        guard !isEmpty else { return .notEvaluable(reason: "empty structure: no sample inside it") }
        switch metric {
        case .volume: return .value(total / 1000)
        case .dmax: return .value(maximumDose!)
        case .dmin: return .value(minimumDose!)
        case .dmean: return .value(meanDose)
        case .doseAtAbsoluteVolume(let cc):
            let v = cc * 1000
            guard total >= v * (1 - 1e-9) else {
                return .notEvaluable(reason: "structure volume \(Self.format(total / 1000)) cc < \(Self.format(cc)) cc")
            }
            return .value(doseAt(v))
        case .doseAtRelativeVolume(let p):
            return .value(doseAt(p / 100 * total))
        case .volumeAtDose(let gy, let relative):
            let v = volumeAt(gy)
            return .value(relative ? 100 * v / total : v / 1000)
        }
    }

    static func format(_ v: Double) -> String {
        String(format: v < 0.1 ? "%.3g" : "%.3f", v)
    }
}

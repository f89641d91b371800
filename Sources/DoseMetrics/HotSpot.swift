/// Where a near-maximum dose lies: the centre of the hottest volume of a composite (e.g. the
/// hottest 0.03 cc behind D0.03cc) and what each course contributes there.
///
/// - `positionMM`: the volume-weighted centroid (LPS, mm) of the sample points of the hottest
///   volume (`HottestVolume`: every sample hotter than the crossing one with its whole volume, the
///   crossing sample with its partial volume).
/// - `courseEQD2`: per course, the volume-weighted mean of that course's own EQD2 (Gy, the ROI's
///   α/β) over the same samples, undiscounted.
/// - `courseShares`: per course, its contribution to the composite there divided by the composite's
///   volume-weighted mean over the same samples: `weight · courseEQD2 / compositeMean`, where the
///   weight is 1, or 1 − recovery for the earlier courses of a recovery-discounted composite. The
///   shares sum to 1 up to the Float rounding of the composite; nil when the composite is 0 there.
public struct HotSpot: Sendable, Hashable {
    /// The metric whose hottest volume this is (e.g. D0.03cc).
    public var metric: DoseMetric
    /// Centroid of the hottest volume, LPS (mm).
    public var positionMM: SIMD3<Double>
    /// Volume-weighted mean (Gy EQD2) of the composite the region was chosen on, over the region.
    public var compositeMeanGy: Double
    /// Per course (course order), volume-weighted mean EQD2 (Gy) over the region, undiscounted.
    public var courseEQD2: [Double]
    /// Per course, the factor its EQD2 enters the composite with (1, or 1 − recovery).
    public var courseWeights: [Double]
    /// Volume of the region (mm³) and the number of sample points in it.
    public var volumeMM3: Double
    public var sampleCount: Int

    /// Per course, its share (0…1) of the composite over the region; nil when the composite is ≤ 0.
    public var courseShares: [Double]? {
        guard compositeMeanGy > 0 else { return nil }
        return zip(courseEQD2, courseWeights).map { $0 * $1 / compositeMeanGy }
    }

    public init(metric: DoseMetric, positionMM: SIMD3<Double>, compositeMeanGy: Double, courseEQD2: [Double],
                courseWeights: [Double], volumeMM3: Double, sampleCount: Int) {
        self.metric = metric; self.positionMM = positionMM; self.compositeMeanGy = compositeMeanGy
        self.courseEQD2 = courseEQD2; self.courseWeights = courseWeights; self.volumeMM3 = volumeMM3
        self.sampleCount = sampleCount
    }

    /// The hot spot of `metric` (a dose at an absolute volume) in `dvh`, the DVH of a composite whose
    /// doses sit at `points` (LPS mm, one per sample); `courseEQD2[c][n]` is course c's EQD2 (Gy) at
    /// sample n and `courseWeights[c]` the factor it enters the composite with. nil when the metric
    /// is not a dose at an absolute volume, the structure is smaller than that volume, or it is empty.
    public init?(metric: DoseMetric, dvh: DoseVolumeHistogram, points: [SIMD3<Float>], courseEQD2: [[Float]],
                 courseWeights: [Double]) {
        guard case .doseAtAbsoluteVolume(let cc) = metric else { return nil }
        let v = cc * 1000
        precondition(points.count == dvh.samples.count && courseEQD2.allSatisfy { $0.count == points.count },
                     "one point and one EQD2 per course per sample")
        guard dvh.totalVolumeMM3 >= v * (1 - 1e-9), let region = dvh.hottest(volumeMM3: v),
              let x = region.weightedMean({ Double(points[$0].x) }), let y = region.weightedMean({ Double(points[$0].y) }),
              let z = region.weightedMean({ Double(points[$0].z) }),
              let composite = region.weightedMean({ Double(dvh.samples.doses[$0]) }) else { return nil }
        let courses = courseEQD2.map { eqd2 in region.weightedMean { Double(eqd2[$0]) } ?? 0 }
        self.init(metric: metric, positionMM: SIMD3(x, y, z), compositeMeanGy: composite, courseEQD2: courses,
                  courseWeights: courseWeights, volumeMM3: region.totalMM3, sampleCount: region.indices.count)
    }
}

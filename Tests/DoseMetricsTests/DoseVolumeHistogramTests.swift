import Foundation
import DoseMetrics
import Grids
import Masks
import RTCore
import Testing
import TestSupport

@Suite struct DoseVolumeHistogramTests {
    static func dvh(_ doses: [Float], _ volumes: [Float]) throws -> DoseVolumeHistogram {
        DoseVolumeHistogram(try DoseVolumeSamples(doses: doses, volumes: volumes))
    }

    @Test("dose at volume and volume at dose on a three-sample example worked by hand")
    func handExample() throws {
        // sorted 30, 20, 10 Gy with 1 mm³ each: cumulative 1, 2, 3 mm³
        let h = try Self.dvh([10, 30, 20], [1, 1, 1])
        #expect(h.dose(atVolumeMM3: 0.5) == 30)
        #expect(h.dose(atVolumeMM3: 1) == 30)
        #expect(h.dose(atVolumeMM3: 1.5) == 25)
        #expect(h.dose(atVolumeMM3: 2.5) == 15)
        #expect(h.dose(atVolumeMM3: 3) == 10)
        #expect(h.dose(atVolumeMM3: 7) == 10)
        #expect(h.volumeMM3(atDose: 31) == 0)
        #expect(h.volumeMM3(atDose: 30) == 1)
        #expect(h.volumeMM3(atDose: 25) == 1.5)
        #expect(h.volumeMM3(atDose: 10) == 3)
        #expect(h.volumeMM3(atDose: 0) == 3)
        #expect(h.meanDose == 20)
    }

    @Test("D at volume matches reference.py d_at_volume on unequal samples")
    func matchesPeerReference() throws {
        // Expected values from /work/shared/peers/reference.py:
        //   python3 -c "import sys; sys.path.insert(0,'/work/shared/peers'); import numpy as np, reference as r;
        //   d=np.array([12.5,40.25,33.0,40.25,7.75,28.5,39.0]); w=np.array([3.,1.5,6.,2.,10.,4.5,0.5]);
        //   print([r.d_at_volume(d,w,v) for v in (0.2,1.6,3.0,4.0,9.0,20.0,27.5,40.0)])"
        let h = try Self.dvh([12.5, 40.25, 33.0, 40.25, 7.75, 28.5, 39.0], [3, 1.5, 6, 2, 10, 4.5, 0.5])
        let expected: [(Double, Double)] = [(0.2, 40.25), (1.6, 40.25), (3.0, 40.25), (4.0, 39.0), (9.0, 34.0),
                                            (20.0, 11.3125), (27.5, 7.75), (40.0, 7.75)]
        for (v, d) in expected { #expect(abs(h.dose(atVolumeMM3: v)! - d) < 1e-9, "V \(v): \(h.dose(atVolumeMM3: v)!) vs \(d)") }
    }

    @Test("Dx% equals D at x % of the volume in cc; D0% = Dmax, D100% = Dmin")
    func relativeMatchesAbsolute() throws {
        let phantom = SlabPhantom.sphere(centre: .zero, radius: 9, spacing: 2)
        let s = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 2.5))
        let m = StructureMetrics(sampling: s, field: LinearDoseField(d0: 30, gradient: [0.8, -0.3, 0.5]), metrics: [])
        let cc = s.volume.value
        for x in [0.5, 1, 5, 50, 95, 99] {
            let relative = try #require(m.value(of: .doseAtRelativeVolume(percent: x)).number)
            let absolute = try #require(m.value(of: .doseAtAbsoluteVolume(cc: x / 100 * cc)).number)
            #expect(abs(relative - absolute) < 1e-6, "D\(x)%: \(relative) vs \(absolute)")
        }
        #expect(m.value(of: .doseAtRelativeVolume(percent: 0)) == m.value(of: .dmax))
        #expect(m.value(of: .doseAtRelativeVolume(percent: 100)) == m.value(of: .dmin))
    }

    @Test("V<x>Gy of a uniform dose: the whole volume at or below it, nothing above")
    func uniformDose() throws {
        let h = try Self.dvh(Array(repeating: 40, count: 50), Array(repeating: 2, count: 50))
        #expect(h.evaluate(.volumeAtDose(gy: 39.9, relative: false)) == .value(0.1))
        #expect(h.evaluate(.volumeAtDose(gy: 40, relative: false)) == .value(0.1))
        #expect(h.evaluate(.volumeAtDose(gy: 40, relative: true)) == .value(100))
        #expect(h.evaluate(.volumeAtDose(gy: 40.01, relative: true)) == .value(0))
        #expect(h.evaluate(.dmean) == .value(40) && h.evaluate(.dmin) == .value(40) && h.evaluate(.doseAtAbsoluteVolume(cc: 0.03)) == .value(40))
        #expect(h.evaluate(.volume) == .value(0.1))
    }

    @Test("sorting: negative, zero and tied doses in numeric order, hottest first")
    func sortOrder() throws {
        let h = try Self.dvh([0, -2.5, 7, 7, -0.5, 3, 1e-6, 100], [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(h.sortedDoses == [100, 7, 7, 3, 1e-6, 0, -0.5, -2.5])
        // ties keep input order: volume 3 then 4 after the 8 of 100 Gy
        #expect(h.cumulativeMM3 == [8, 11, 15, 21, 28, 29, 34, 36])
    }

    @Test("V<x>Gy and D<x>cc read the same curve: V(D(v)) = v")
    func inverse() throws {
        let h = try Self.dvh([12.5, 40.25, 33.0, 40.25, 7.75, 28.5, 39.0], [3, 1.5, 6, 2, 10, 4.5, 0.5])
        for v in [4.0, 7.5, 10.0, 15.0, 22.0] {
            #expect(abs(h.volumeMM3(atDose: h.dose(atVolumeMM3: v)!) - v) < 1e-9)
        }
    }

    @Test("a structure smaller than the requested volume, and an empty one, are not evaluable")
    func notEvaluable() throws {
        let small = try Self.dvh([20, 21, 22], [7, 7, 7])   // 21 mm³ = 0.021 cc
        #expect(small.evaluate(.doseAtAbsoluteVolume(cc: 0.03)) == .notEvaluable(reason: "structure volume 0.021 cc < 0.03 cc"))
        #expect(small.evaluate(.doseAtAbsoluteVolume(cc: 0.02)) != nil && small.evaluate(.doseAtAbsoluteVolume(cc: 0.02)).number != nil)
        let empty = try Self.dvh([], [])
        for metric in [DoseMetric.dmax, .dmin, .dmean, .doseAtAbsoluteVolume(cc: 0.03), .doseAtRelativeVolume(percent: 5), .volumeAtDose(gy: 10, relative: true)] {
            guard case .notEvaluable = empty.evaluate(metric) else { Issue.record("\(metric) of an empty structure: \(empty.evaluate(metric))"); continue }
        }
        #expect(empty.evaluate(.volume) == .value(0))
        #expect(empty.cumulativeCurve().doses.isEmpty)
    }

    @Test("curves: cumulative non-increasing from the whole volume, differential non-negative and summing to it")
    func curves() {
        let phantom = SlabPhantom.cone(centre: [0, 0], base: -4, radius: 8, height: 14, spacing: 2)
        let s = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 2))
        let h = StructureMetrics(sampling: s, field: LinearDoseField(d0: 60, gradient: [0.4, 0.9, -1]), metrics: []).dvh
        let cum = h.cumulativeCurve(points: 200, unit: .percent)
        #expect(cum.doses.count == 200 && cum.doses.first == 0 && cum.doses.last == h.maximumDose)
        #expect(abs(cum.volumes[0] - 100) < 1e-9)
        #expect(zip(cum.volumes, cum.volumes.dropFirst()).allSatisfy { $0 >= $1 })
        let diff = h.differentialCurve(bins: 64)
        #expect(diff.volumes.allSatisfy { $0 >= 0 })
        let width = h.maximumDose! / 64
        #expect(abs(diff.volumes.reduce(0, +) * width - s.volume.value) < 1e-6 * s.volume.value)
        #expect(cum.csv.hasPrefix("dose_gy,volume_percent\n") && cum.csv.split(separator: "\n").count == 201)
    }

    @Test("doses given as an array equal doses read from the field; parallel equals serial; bad input throws")
    func entryPoints() throws {
        let phantom = SlabPhantom.sphere(centre: [1, 2, 3], radius: 6, spacing: 1.5)
        let s = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 2, shift: [0.5, 0, 0.25]))
        let field = LinearDoseField(d0: 10, gradient: [1, 2, -0.5])
        let serial = DoseVolumeSamples(sampling: s, field: field, parallel: false)
        let parallel = DoseVolumeSamples(sampling: s, field: field, parallel: true)
        #expect(serial.doses == parallel.doses && serial.volumes == parallel.volumes)
        let byHand = s.points.map { Float(field.value(at: SIMD3<Double>($0))) }
        let fromArray = try StructureMetrics(sampling: s, doses: byHand, metrics: DoseMetric.defaults)
        let fromField = StructureMetrics(sampling: s, field: field, metrics: DoseMetric.defaults)
        // the field also gives Dmax and Dmin at the surface corners; the array, its own samples only
        let corners = s.surfacePoints.map { Float(field.value(at: SIMD3<Double>($0))) }
        #expect(fromArray.includingSurfaceExtremes(corners).values == fromField.values)
        #expect(fromArray.values[.dmax]!.number! < fromField.values[.dmax]!.number!)
        #expect(fromArray.name == phantom.name && fromArray.roiNumber.rawValue == 1)
        #expect(throws: DoseSumError.self) { try StructureMetrics(sampling: s, doses: Array(byHand.dropLast()), metrics: [.dmax]) }
        #expect(throws: DoseSumError.self) { try DoseVolumeSamples(doses: [1, .nan], volumes: [1, 1]) }
    }

    @Test("sample validation: non-finite doses and negative or non-finite volumes are named; −0 mm³ is a volume")
    func validation() throws {
        func message(_ d: [Float], _ v: [Float]) -> String? {
            do { _ = try DoseVolumeSamples(doses: d, volumes: v); return nil } catch { return (error as? DoseSumError)?.message }
        }
        #expect(message([1, 2, 3], [1, -0.0, 0]) == nil)
        #expect(message([1, .infinity, 3], [1, 1, 1])?.contains("dose at sample 1 is inf") == true)
        #expect(message([1, 2, -.infinity], [1, 1, 1])?.contains("dose at sample 2 is -inf") == true)
        #expect(message([1, 2, 3], [1, -1e-30, 1])?.contains("volume of sample 1 is -1e-30") == true)
        #expect(message([1, 2, 3], [1, 1, .nan])?.contains("volume of sample 2 is nan") == true)
        #expect(message([1, 2, 3], [.infinity, 1, 1])?.contains("volume of sample 0 is inf") == true)
    }
}

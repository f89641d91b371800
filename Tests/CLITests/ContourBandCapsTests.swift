import CompositeDose
@testable import DoseSumKit
import DoseMetrics
import Foundation
import Grids
import Masks
import Radiobiology
import RTModel
import RTCore
import Testing
import TestSupport

/// The contour band keeps an ROI's nominal values, without sampling it again, when its end caps
/// cannot reach the values its rows judge (`ContourBand.capsBelowLevels`): wherever it says so, the
/// ROI sampled under the other rule gives the same values; where the hottest dose is at a cap, it
/// does not say so.
@Suite(.serialized) struct ContourBandCapsTests {
    @Test("on the demo, every ROI kept at its nominal values has them under the other rule too (slab; none kept with smooth)",
          arguments: [SurfaceModel.slab, .smooth])
    func keptROIsHaveTheirNominalValues(surface: SurfaceModel) throws {
        let f = try DemoFolder()
        let assignments = try demoSurvey(f).assignments
        let survey = try CompositeEvaluator.survey(assignments, options: SamplingOptions(endCap: .halfSpacing, surface: surface))
        let opened = try CaseLoader.open(demoRequest(f))
        let loaded = try opened.readDoses(regions: opened.regions(aroundVoxelsOf: survey.voxels))
        let metrics: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .dmax, .doseAtAbsoluteVolume(cc: 0.1)]
        let nominal = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: survey.samplings(),
                                                      metrics: metrics)
        let none = SamplingOptions(endCap: .none, surface: surface)
        let box = OpenedCase.box(aroundVoxelsOf: survey.voxels)
        var kept = 0, sampled = 0
        for (n, a) in assignments.enumerated() {
            guard ContourBand.capsBelowLevels(a, rule: none, nominal: nominal[n], courses: loaded.courses, metrics: metrics, readBox: box) else {
                sampled += 1
                continue
            }
            kept += 1
            let other = try CompositeEvaluator.survey([a], options: none).samplings()[0]
            let values = try ContourBand.values(other, courses: loaded.courses, assignment: a, metrics: metrics)
            let r = nominal[n]
            for m in metrics {
                let x = try #require(values.cumulative[m]?.number), y = try #require((r.compositeDiscounted ?? r.composite).values[m]?.number)
                let u = try #require(values.secondCourse[m]?.number), v = try #require(r.courses[1].values[m]?.number)
                #expect(abs(x - y) < 1e-6 && abs(u - v) < 1e-6, "\(a.roi.name) \(m.notation): \(x) vs \(y), \(u) vs \(v)")
            }
        }
        // (the smooth surface's caps may reach beyond the slab caps: every ROI is sampled again)
        #expect(surface == .smooth ? kept == 0 : kept >= 1 && sampled >= 1, "kept \(kept), sampled again \(sampled)")
        // a metric that depends on the whole volume: never kept
        #expect(!assignments.indices.contains { n in
            ContourBand.capsBelowLevels(assignments[n], rule: none, nominal: nominal[n], courses: loaded.courses,
                                        metrics: [.doseAtRelativeVolume(percent: 2)], readBox: box)
        })
    }

    /// A cord from z = −12 to 12 mm (planes 2 mm apart) in a course-1 dose along z and 20 − |z|/2 Gy
    /// of course 2: peaked at z = 0 (its caps, beyond ±12 mm, are far colder than its near-maximum) it is
    /// kept, with the values the other rule gives; rising towards +z (the hottest dose at its top cap)
    /// it is sampled again, and the other rule's values differ.
    @Test(arguments: [false, true])
    func aCapIsSampledAgainOnlyWhenItCanReachTheJudgedValues(hotCap: Bool) throws {
        let geometry = GridGeometry(origin: SIMD3(repeating: -30), spacing: SIMD3(repeating: 2.5), size: SIMD3(repeating: 25))
        let cord = PhantomCaseFolder.roi(.cylinderZ(centre: .zero, radius: 6, z0: -12, z1: 12, spacing: 2), named: "SpinalCord")
        let files = try PhantomCaseFolder(prefix: "dosesum-caps", frame: "1.2.826.0.1.3680043.10.1.80", patient: LinearDoseCase.patient,
                                          course1: (geometry, { p in hotCap ? 50 + p.z : 60 - 2 * abs(p.z) }), course2: (geometry, { p in 20 - 0.5 * abs(p.z) }),
                                          rois: [cord])
        defer { files.remove() }
        let request = CompositeRequest(courses: [CourseInput(label: "course1", dosePath: files.path("rd1.dcm"), fractions: 25),
                                                 CourseInput(label: "course2", dosePath: files.path("rd2.dcm"), fractions: 30)],
                                       structuresPath: files.path("rs.dcm"), defaultAlphaBeta: 2)
        let opened = try CaseLoader.open(request)
        let doses = try opened.readDoses()
        let roi = try #require(opened.structures?.rois.first)
        let a = ROIAssignment(roi: roi, alphaBeta: try AlphaBeta(2), alphaBetaSource: .other("test"), recovery: 0)
        let metrics: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .dmax]
        let survey = try CompositeEvaluator.survey([a], options: SamplingOptions(endCap: .halfSpacing))
        let nominal = try CompositeEvaluator.evaluate(courses: doses.courses, assignments: [a], samplings: survey.samplings(), metrics: metrics)[0]
        let none = SamplingOptions(endCap: .none)
        let kept = ContourBand.capsBelowLevels(a, rule: none, nominal: nominal, courses: doses.courses, metrics: metrics)
        #expect(kept == !hotCap)
        let other = try CompositeEvaluator.survey([a], options: none).samplings()[0]
        let values = try ContourBand.values(other, courses: doses.courses, assignment: a, metrics: metrics)
        let x = try #require(values.cumulative[DoseMetric.dmax]?.number), y = try #require(nominal.composite.values[DoseMetric.dmax]?.number)
        // the top cap is 1 mm of a 1 Gy/mm rise: Dmax 1 Gy physical lower without it
        #expect(hotCap ? y - x > 1 : abs(x - y) < 1e-6, "Dmax \(x) under none vs \(y)")
    }
}

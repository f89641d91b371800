import CompositeDose
import Constraints
@testable import DoseSumKit
import DICOMIO
import DoseMetrics
import Foundation
import Grids
import Masks
import Radiobiology
import Reports
import RTCore
import RTModel
import Testing
import TestSupport

/// The dose-grid band (issue 16, item 3): each sample's dose replaced by the extremes of the
/// interpolant over the region it stands for; answers known in advance.
@Suite(.serialized) struct DoseGridBandTests {
    /// A constant dose has the same value everywhere in every region: zero width (up to the one Float
    /// step each bound is widened by, < 1e-4 Gy), robust, no worst scenario; the row stated at its own
    /// α/β (3 Gy) too.
    @Test func aDoseConstantNearTheOrganGivesAZeroWidthBand() throws {
        let c = try UniformChiasmCase()
        defer { c.remove() }
        let outcome = try CheckPipeline.run(try c.bandRequest(rows: [(105, 3), (110, nil)]))
        #expect(outcome.report.verdicts.count == 2)
        for v in outcome.report.verdicts {
            let value = try #require(v.value)
            let band = try #require(v.uncertainty?.doseGrid)
            #expect(band.width < 1e-4 && band.lo <= value && band.hi >= value, "\(band) around \(value)")
            #expect(v.robustness == .robust)
        }
    }

    /// Course 1 is 50 + g·x Gy (trilinear interpolation is exact), course 2 is 0. The near-maximum of
    /// the cord lies in boundary voxels sampled fine, whose samples stand for cells within ± s/(2n) of
    /// them (s = 2.5 mm lattice, n sub-cells per axis): every such sample's bound is its dose ± g·s/(2n)
    /// exactly, so the physical D0.03cc moves by exactly ± g·s/(2n), and never by more than g times
    /// half the voxel diagonal (s·√3/2, the most any region of the lattice reaches from its sample).
    @Test func aLinearDoseMovesByTheGradientTimesHalfTheCell() throws {
        for g in [1.0, 0.5] {
            let c = try LinearDoseCase(gradient: g)
            defer { c.remove() }
            let request = try c.request(limits: [200])
            let v = try #require(try CheckPipeline.run(request).report.verdicts.first)
            let band = try #require(v.uncertainty?.doseGrid)
            let nominal = try #require(v.value)
            let opened = try CaseLoader.open(request.composite)
            let roi = try #require(opened.structures?.rois.first)
            let n = try CompositeEvaluator.survey([ROIAssignment(roi: roi, alphaBeta: try AlphaBeta(2), alphaBetaSource: .other("test"), recovery: 0)])
                .voxels[0].subdivisions
            let s = 2.5, d = LinearDoseCase.physical(ofEQD2: nominal)
            let up = LinearDoseCase.physical(ofEQD2: band.hi) - d, down = d - LinearDoseCase.physical(ofEQD2: band.lo)
            #expect(abs(up - g * s / (2 * Double(n))) < 0.01, "up \(up), expected \(g * s / (2 * Double(n))) (n = \(n))")
            #expect(abs(down - g * s / (2 * Double(n))) < 0.01, "down \(down)")
            #expect(up <= g * s * 3.0.squareRoot() / 2 && down <= g * s * 3.0.squareRoot() / 2)
            #expect(band.worstScenario == DoseGridBand.upperName)
        }
    }

    /// One hot dose node (40 Gy in 10 Gy) inside the cord, 1.1 mm off every lattice centre: the samples
    /// miss it (the nominal Dmax is far below), but the node lies in the box of the inside voxel
    /// centred at the origin, so the band's upper end is the interpolant's true maximum over the cord,
    /// E(40) = 40·(40/25 + 2)/(2 + 2) = 36 Gy EQD2 (course 2 is 0), and never above it.
    @Test func aPointLikeHotSpotIsInsideTheBand() throws {
        let c = try HotNodeCase()
        defer { c.remove() }
        let report = try CheckPipeline.run(try c.request()).report
        let v = try #require(report.verdicts.first)
        let band = try #require(v.uncertainty?.doseGrid)
        let nominal = try #require(v.value)
        #expect(nominal < 30, "the samples miss the node: \(nominal)")
        #expect(band.hi >= 36 - 1e-4 && band.hi <= 36 + 1e-4, "hi \(band.hi)")
        #expect(band.lo <= nominal)
        // the JSON carries it, and it is part of band_gy
        let json = try #require(try JSONSerialization.jsonObject(with: JSONReportRenderer.render(report)) as? [String: Any])
        let verdict = try #require((json["verdicts"] as? [[String: Any]])?.first)
        let grid = try #require(verdict["dose_grid_band_gy"] as? [String: Any])
        #expect(grid["worst_scenario"] as? String == DoseGridBand.upperName)
        #expect(((verdict["band_gy"] as? [String: Double])?["hi"] ?? 0) >= 36 - 1e-4)
        // text, CSV and HTML show it by kind
        let kinds = String(format: "dose grid %.2f … %.2f", band.lo, band.hi)
        #expect(TextReportRenderer.render(report).contains("Bands by kind (Gy):") && TextReportRenderer.render(report).contains(kinds))
        // (the last column; earlier fields may be quoted and hold commas)
        #expect(CSVReportRenderer.header.last == "dose_grid_hi_gy")
        let row = try #require(CSVReportRenderer.render(report).split(whereSeparator: \.isNewline).last)
        #expect(row.split(separator: ",").last.flatMap { Double($0) } == band.hi, "\(row)")
        #expect(HTMLReportRenderer.render(report).contains(kinds))
    }

    /// Bounding exactly only the samples that can reach the near-maximum (and carrying the rest at
    /// 0 Gy) gives the same ends as bounding every sample, from fewer exact bounds: in a linear dose,
    /// and in a steep curved edge (`EdgeDoseCase`).
    @Test func pruningLeavesTheEndsAsBoundingEverySample() throws {
        let c = try LinearDoseCase(gradient: 1, spacing: 3)
        defer { c.remove() }
        try Self.expectPruningExact(try c.request(limits: [200]).composite)
        let edge = try EdgeDoseCase()
        defer { edge.remove() }
        try Self.expectPruningExact(edge.request)
    }

    static func expectPruningExact(_ request: CompositeRequest) throws {
        let opened = try CaseLoader.open(request)
        let doses = try opened.readDoses()
        let roi = try #require(opened.structures?.rois.first)
        let assignment = ROIAssignment(roi: roi, alphaBeta: try AlphaBeta(2), alphaBetaSource: .other("test"), recovery: 0.3)
        let survey = try CompositeEvaluator.survey([assignment])
        let near: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .dmax]
        let coarse = SamplingRefinement.coarseVoxels(survey: survey, courses: doses.courses, assignments: [assignment], metrics: near)
        let sampling = survey.samplings(coarse: coarse)[0]
        let e = [DoseGridBand.Evaluation(alphaBeta: try AlphaBeta(2), recovery: 0.3, cumulative: near, secondCourse: near)]
        // the nominal values at the samples, as the nominal evaluation gives them (they set the levels
        // that prune; each course's EQD2 screens the samples of the upper ends)
        let point = try PointDoses(courses: doses.courses, points: sampling.points, alphaBeta: try AlphaBeta(2), recovery: assignment.recovery,
                                   keepPhysical: false)
        let all = try #require(try DoseGridBand.evaluate(sampling, boundary: survey.boundary[0], coarse: coarse[0], courses: doses.courses,
                                                         evaluations: e))
        for courses in [[], point.eqd2] {
            let nominal = [DoseGridBand.Nominal(composite: point.compositeDiscounted, secondCourse: point.eqd2[1], courses: courses)]
            let pruned = try #require(try DoseGridBand.evaluate(sampling, boundary: survey.boundary[0], coarse: coarse[0], courses: doses.courses,
                                                                evaluations: e, nominal: nominal))
            for (a, b) in zip(pruned, all) {
                #expect(a.lo.cumulative == b.lo.cumulative && a.hi.cumulative == b.hi.cumulative)
                #expect(a.lo.secondCourse == b.lo.secondCourse && a.hi.secondCourse == b.hi.secondCourse)
            }
        }
    }
}

/// Course 1: 10 Gy on a 2.5 mm grid whose nodes lie at −28.9 + 2.5·k mm, except 40 Gy at the node
/// (1.1, 1.1, 1.1); course 2: 0 Gy. The cord: a cylinder of radius 6 mm about z, contours z = −4…4.
struct HotNodeCase {
    let files: PhantomCaseFolder
    static let patient = PatientIdentity(name: "Hot^Node", id: "HOT-1")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.80"

    init() throws {
        let geometry = GridGeometry(origin: SIMD3(repeating: -28.9), spacing: SIMD3(repeating: 2.5), size: SIMD3(repeating: 24))
        let node = SIMD3<Double>(repeating: 1.1)
        let cord = PhantomCaseFolder.roi(.cylinderZ(centre: .zero, radius: 6, z0: -4, z1: 4, spacing: 2), named: "SpinalCord")
        files = try PhantomCaseFolder(prefix: "dosesum-hotnode", frame: Self.frame, patient: Self.patient,
                                      course1: (geometry, { p in length(p - node) < 1e-6 ? 40 : 10 }), course2: (geometry, { _ in 0 }),
                                      rois: [cord])
    }

    func path(_ name: String) -> String { files.path(name) }
    func remove() { files.remove() }

    /// A check of one cord Dmax row (limit 200 Gy), course 1 in 25 fractions at α/β 2, default scenarios.
    func request() throws -> CheckRequest {
        let file = try files.protocolFile(id: "hot-node-test", rows: ["{organ: SpinalCord, metric: Dmax, level: desirable, comparator: \"<=\", limit_gy: 200}"])
        return CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: path("rd1.dcm"), fractions: 25),
            CourseInput(label: "course2", dosePath: path("rd2.dcm"), fractions: 30),
        ], structuresPath: path("rs.dcm"), alphaBeta: ["SpinalCord": 2]), protocolID: file)
    }
}

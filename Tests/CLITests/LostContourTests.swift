import DoseMetrics
import DICOMIO
import Foundation
import Testing
import DoseSumKit
import RTModel

/// Issue 18 item 6 (last part): an ROI that loses any closed contour is never evaluated on the rest.
/// The demo's structures tilted by 0.83° about the x axis (as from an oblique series) lose every
/// non-axial contour; every such ROI must be not evaluable with the reason, instead of being judged
/// on whatever contours stayed axial (the spinal cord used to keep one and be judged WITHIN).
struct LostContourTests {
    @Test func tiltedDemoStructuresAreNotEvaluableWithTheReason() throws {
        let f = try DemoFolder()
        var set = try DICOMReader.readStructureSet(at: f.path(DemoCase.structures))
        let a = 0.83 * Double.pi / 180
        for r in set.rois.indices {
            for c in set.rois[r].contours.indices {
                set.rois[r].contours[c].points = set.rois[r].contours[c].points.map { p in
                    SIMD3(p.x, cos(a) * p.y - sin(a) * p.z, sin(a) * p.y + cos(a) * p.z)
                }
            }
        }
        let tilted = f.out("tilted_rtstruct.dcm")
        _ = try DICOMWriter.writeStructureSet(set, to: tilted)
        let outcome = try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
            CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
        ], structuresPath: tilted)))
        #expect(!outcome.results.isEmpty)
        for r in outcome.results {
            // a contour is lost when its points spread over more than 0.01 mm in z: every demo contour spans > 1 mm
            for metric in [DoseMetric.doseAtAbsoluteVolume(cc: 0.03), .dmax] {
                guard case .notEvaluable(let why)? = r.composite.values[metric] else {
                    Issue.record("\(r.name) \(metric) evaluated on the contours that stayed axial: \(String(describing: r.composite.values[metric]))")
                    continue
                }
                #expect(why.contains("not at constant patient z") && why.contains("not evaluable"), "\(r.name): \(why)")
            }
            #expect(r.volume.value == 0)
        }
        for verdict in outcome.report.verdicts where verdict.roiName != nil {
            switch verdict.status {
            case .within, .exceeds: Issue.record("\(verdict.roiName!) judged \(verdict.status) on lost contours")
            default: break
            }
        }
    }
}

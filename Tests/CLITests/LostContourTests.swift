import DoseMetrics
import DICOMIO
import Foundation
import Testing
import DoseSumKit
import RTModel

/// Issue 18 item 6: the demo's structures tilted by 0.83° about the x axis (as from a tilted-gantry
/// series) are evaluated in their plane frame, no longer lost (the spinal cord used to keep one
/// contour and be judged WITHIN as a 0.16 cc slab, true 3.98 cc); and an ROI that loses a contour
/// (here one bent out of its plane) is never evaluated on the rest: it is not evaluable, with the reason.
struct LostContourTests {
    @Test func tiltedDemoStructuresAreEvaluatedAndABentContourMakesItsROINotEvaluable() throws {
        let f = try DemoFolder()
        var set = try DICOMReader.readStructureSet(at: f.path(DemoCase.structures))
        // the slab volume (cc) of each axial ROI, from its polygons: planes 2 mm apart without gaps,
        // each contributing its area × 2 mm (half the spacing each side, end caps included)
        let slabCC = Dictionary(uniqueKeysWithValues: set.rois.map { roi in
            (roi.name, roi.contours.reduce(0.0) { total, c in
                let p = c.points
                let twice = p.indices.reduce(0.0) { $0 + p[$1].x * p[($1 + 1) % p.count].y - p[($1 + 1) % p.count].x * p[$1].y }
                return total + abs(twice) / 2 * DemoPhantom.contourPlaneSpacing / 1000
            })
        })
        let a = 0.83 * Double.pi / 180
        for r in set.rois.indices {
            for c in set.rois[r].contours.indices {
                set.rois[r].contours[c].points = set.rois[r].contours[c].points.map { p in
                    SIMD3(p.x, cos(a) * p.y - sin(a) * p.z, sin(a) * p.y + cos(a) * p.z)
                }
            }
        }
        // the spinal cord's 5th contour bent: its first point 0.5 mm off its plane (tolerance 0.1 mm)
        let cord = try #require(set.rois.firstIndex { $0.name == "SpinalCord" })
        set.rois[cord].contours[4].points[0].z += 0.5
        let tilted = f.out("tilted_rtstruct.dcm")
        _ = try DICOMWriter.writeStructureSet(set, to: tilted)
        let outcome = try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
            CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
        ], structuresPath: tilted)))
        #expect(outcome.results.count == set.rois.count)
        for r in outcome.results {
            if r.name == "SpinalCord" {
                for metric in [DoseMetric.doseAtAbsoluteVolume(cc: 0.03), .dmax] {
                    guard case .notEvaluable(let why)? = r.composite.values[metric] else {
                        Issue.record("SpinalCord \(metric) evaluated without its bent contour: \(String(describing: r.composite.values[metric]))")
                        continue
                    }
                    #expect(why.contains("contour 5 of") && why.contains("not planar") && why.contains("not evaluable"), "\(why)")
                }
                #expect(r.volume.value == 0)
                continue
            }
            let expected = try #require(slabCC[r.name])
            #expect(abs(r.volume.value - expected) <= 0.005 * expected, "\(r.name): \(r.volume.value) cc, slab \(expected) cc")
            #expect(r.composite.values[.doseAtAbsoluteVolume(cc: 0.03)]?.number != nil, "\(r.name) evaluated")
        }
        for verdict in outcome.report.verdicts where verdict.roiName == "SpinalCord" {
            switch verdict.status {
            case .within, .exceeds: Issue.record("SpinalCord judged \(verdict.status) without its bent contour")
            default: break
            }
        }
    }
}

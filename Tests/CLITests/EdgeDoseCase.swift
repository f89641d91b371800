import DoseSumKit
import Foundation
import Grids
import RTCore
import TestSupport

/// A two-course phantom with a steep, curved dose edge across the cord (for pruning tests whose
/// answer is "the same as without pruning"): course 1 = 40 + 50 / (1 + e^−(x − 6)) + 0.7·y − 0.4·z Gy
/// (12.5 Gy/mm at x = 6 mm, the cord's surface), 25 fractions; course 2 = 20 + 0.5·y Gy, 30 fractions;
/// on a 2.5 × 2.5 × 2 mm grid over ±30 mm; the cord as in `LinearDoseCase` (radius 6 mm about z,
/// contours every 2 mm from z = −4 to 4).
struct EdgeDoseCase {
    let files: PhantomCaseFolder

    init() throws {
        let geometry = GridGeometry(origin: SIMD3(repeating: -30), spacing: SIMD3(2.5, 2.5, 2), size: SIMD3(25, 25, 31))
        let cord = PhantomCaseFolder.roi(.cylinderZ(centre: .zero, radius: 6, z0: -4, z1: 4, spacing: 2), named: "SpinalCord")
        files = try PhantomCaseFolder(prefix: "dosesum-edge", frame: LinearDoseCase.frame, patient: LinearDoseCase.patient,
                                      course1: (geometry, { p in 40 + 50 / (1 + exp(-(p.x - 6) / 1)) + 0.7 * p.y - 0.4 * p.z }),
                                      course2: (geometry, { p in 20 + 0.5 * p.y }), rois: [cord])
    }

    func remove() { files.remove() }

    /// The two courses and the cord at α/β 2 Gy.
    var request: CompositeRequest {
        CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: files.path("rd1.dcm"), fractions: 25),
            CourseInput(label: "course2", dosePath: files.path("rd2.dcm"), fractions: 30),
        ], structuresPath: files.path("rs.dcm"), alphaBeta: ["SpinalCord": 2])
    }
}

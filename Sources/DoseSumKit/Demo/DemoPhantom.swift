import Foundation
import Grids
import RTCore
import RTModel

/// The embedded default case of `dosesum demo`: a small synthetic head-and-neck re-irradiation.
///
/// Course 1 (70 Gy in 35 fractions to a nasopharynx-like box) and course 2 (a 60 Gy in 30 fraction boost
/// to a left skull-base recurrence) are smooth analytic dose fields (products of error-function edges),
/// sampled on two different grids in the same Frame of Reference. Organs are ellipsoids, rotated about
/// the patient z axis, contoured on axial planes 2 mm apart (each plane's cross-section is an exact
/// ellipse, written as a 72-vertex polygon). Coordinates LPS, mm; dose Gy.
public enum DemoPhantom {
    /// One smooth box dose component: `amplitude · Π_axis ½[erf((x−c+h)/(√2 s)) − erf((x−c−h)/(√2 s))]`.
    public struct Box: Sendable {
        public var amplitude: Double, centre: SIMD3<Double>, halfWidth: SIMD3<Double>, edge: Double
        public func dose(at p: SIMD3<Double>) -> Double {
            var v = amplitude
            for a in 0..<3 {
                let s = edge * 2.0.squareRoot()
                v *= 0.5 * (erf((p[a] - centre[a] + halfWidth[a]) / s) - erf((p[a] - centre[a] - halfWidth[a]) / s))
            }
            return v
        }
    }

    /// An organ: ellipsoid with centre, semi-axes (mm) and a rotation angle about patient z (radians).
    public struct Organ: Sendable {
        public var name: String, number: Int, centre: SIMD3<Double>, semiAxes: SIMD3<Double>, angle: Double
        public var alphaBeta: Double
    }

    public static let frameOfReference: UID = "2.25.190373981260446012376236471394316470201"
    public static let studyInstanceUID = "2.25.262839004118542775316541290853106927631"
    public static let patient = PatientIdentity(name: "DEMO^REIRRADIATION", id: "DOSESUM-DEMO-001",
                                                birthDate: "19600101", sex: "O",
                                                studyInstanceUID: studyInstanceUID, studyID: "DEMO")
    public static let course1Fractions = 35
    public static let course2Fractions = 30

    public static let course1: [Box] = [
        Box(amplitude: 8, centre: [0, 0, -10], halfWidth: [60, 55, 70], edge: 12),
        Box(amplitude: 62, centre: [0, -6, -20], halfWidth: [30, 24, 36], edge: 5),
    ]
    public static let course2: [Box] = [
        Box(amplitude: 5, centre: [14, -2, 20], halfWidth: [34, 30, 30], edge: 9),
        Box(amplitude: 55, centre: [14, -2, 22], halfWidth: [13, 11, 11], edge: 3.5),
    ]

    public static let organs: [Organ] = [
        Organ(name: "BrainStem", number: 1, centre: [0, 24, 5], semiAxes: [12, 11, 22], angle: 0, alphaBeta: 2),
        Organ(name: "SpinalCord", number: 2, centre: [0, 27, -55], semiAxes: [5, 5, 38], angle: 0, alphaBeta: 2),
        Organ(name: "OpticChiasm", number: 3, centre: [0, -6, 30], semiAxes: [10, 5.5, 3.5], angle: 0, alphaBeta: 2),
        Organ(name: "OpticNerve_L", number: 4, centre: [17, -25, 29], semiAxes: [3, 17, 3], angle: -0.55, alphaBeta: 2),
        Organ(name: "OpticNerve_R", number: 5, centre: [-17, -25, 29], semiAxes: [3, 17, 3], angle: 0.55, alphaBeta: 2),
        Organ(name: "TemporalLobe_L", number: 6, centre: [40, 5, 20], semiAxes: [16, 28, 20], angle: 0, alphaBeta: 3),
        Organ(name: "TemporalLobe_R", number: 7, centre: [-40, 5, 20], semiAxes: [16, 28, 20], angle: 0, alphaBeta: 3),
        Organ(name: "Carotid_L", number: 8, centre: [20, 4, -25], semiAxes: [3.5, 3.5, 40], angle: 0, alphaBeta: 3),
    ]

    /// Course-1 grid: 3 mm, identity orientation. Course-2 grid: 2.5 mm, shifted, different extent.
    public static let course1Geometry = GridGeometry(origin: [-88.5, -82.5, -100.5], spacing: [3, 3, 3], size: [60, 56, 60])
    public static let course2Geometry = GridGeometry(origin: [-62.3, -60.6, -72.1], spacing: [2.5, 2.5, 2.5], size: [64, 48, 56])
    public static let contourPlaneSpacing = 2.0
    public static let contourPlaneOffset = 0.5

    /// Physical dose of a course (Gy) at a patient point: the analytic field the grids sample.
    public static func dose(_ boxes: [Box], at p: SIMD3<Double>) -> Double { boxes.reduce(0) { $0 + $1.dose(at: p) } }

    /// The course dose sampled at every voxel centre of `geometry`.
    public static func doseDistribution(_ boxes: [Box], on geometry: GridGeometry, label: String) -> DoseDistribution {
        var values = [Float](repeating: 0, count: geometry.voxelCount)
        for k in 0..<geometry.size.z { for j in 0..<geometry.size.y { for i in 0..<geometry.size.x {
            let p = geometry.point(atIndex: SIMD3(Double(i), Double(j), Double(k)))
            values[geometry.linearIndex(i, j, k)] = Float(dose(boxes, at: p))
        } } }
        return DoseDistribution(grid: Grid(geometry: geometry, values: values), frameOfReference: frameOfReference,
                                patient: patient, source: label)
    }

    /// The structure set: each organ cut by axial planes z = offset + k·spacing into exact ellipses.
    public static func structureSet() -> StructureSet {
        let rois = organs.map { organ -> ROI in
            var contours: [Contour] = []
            let zLo = organ.centre.z - organ.semiAxes.z, zHi = organ.centre.z + organ.semiAxes.z
            var k = ((zLo - contourPlaneOffset) / contourPlaneSpacing).rounded(.up)
            while contourPlaneOffset + k * contourPlaneSpacing < zHi {
                let z = contourPlaneOffset + k * contourPlaneSpacing
                let t = (z - organ.centre.z) / organ.semiAxes.z
                let scale = (1 - t * t).squareRoot()
                if scale > 0.05 {
                    let n = 72
                    let points = (0..<n).map { v -> SIMD3<Double> in
                        let phi = 2 * Double.pi * Double(v) / Double(n)
                        let a = organ.semiAxes.x * scale * cos(phi), b = organ.semiAxes.y * scale * sin(phi)
                        let x = a * cos(organ.angle) - b * sin(organ.angle), y = a * sin(organ.angle) + b * cos(organ.angle)
                        return [organ.centre.x + x, organ.centre.y + y, z]
                    }
                    contours.append(Contour(type: .closedPlanar, points: points))
                }
                k += 1
            }
            return ROI(number: ROINumber(organ.number), name: organ.name, generationAlgorithm: "AUTOMATIC",
                       interpretedType: "ORGAN", contours: contours)
        }
        return StructureSet(frameOfReference: frameOfReference, rois: rois, label: "DEMO", patient: patient)
    }
}

import Foundation
import Grids
import RTCore
import RTModel

/// The orthonormal frame of an ROI whose closed contours lie on parallel planes that are not axial
/// (a tilted-gantry CT, an MR planned in its own orientation, a structure set re-expressed through a
/// registration): a rigid rotation about the patient origin taking the contours' common normal to +z,
/// so that the slab and smooth models, built for contours at constant z, apply unchanged in it.
///
/// Normal of a contour: Newell's method (Σ pᵢ × pᵢ₊₁ about the contour's centroid), robust for any
/// simple or non-convex polygon; its length is twice the polygon's area. The ROI's normal is the
/// area-weighted sum of its contours' normals (each turned towards the largest contour's, since the
/// winding decides a normal's sign), with sign chosen so that its z component is positive (else y,
/// else x). Rules, for the closed contours of ≥ 3 points:
/// - every contour within `axialSpreadMM` of constant patient z: the ROI is axial and takes the axial
///   path unchanged (no rotation);
/// - every contour planar: its points within `planarityToleranceMM` of the plane through its centroid
///   with its own normal (the ROI's normal for a contour of no area);
/// - every contour's normal within `normalToleranceDegrees` of the ROI's normal;
/// otherwise the ROI is not evaluable, with a diagnostic naming it and the contour or the two normals.
/// The rotation is the smallest one taking the normal to +z (about normal × z): the identity for an
/// axial normal, and so a structure set rotated as a whole about an axis in the axial plane gets its
/// in-plane axes rotated with it. Each contour is then flattened onto its plane in the frame (its
/// points moved along the normal to their mean height, by at most the planarity tolerance plus the
/// normal tolerance across the contour).
struct ContourPlaneFrame: Sendable {
    /// Rotation from patient coordinates (LPS, mm) to the plane frame (normal = +z).
    let toPlane: Matrix3
    /// The contours' common unit normal, patient coordinates.
    let normal: SIMD3<Double>
    /// Rotation from the plane frame back to patient coordinates.
    var toPatient: Matrix3 { toPlane.transposed }

    /// A contour whose points span at most this along patient z (mm) is axial (`SlabStack.axialToleranceMM`).
    static var axialSpreadMM: Double { SlabStack.axialToleranceMM }
    /// Largest distance (mm) of a contour's point from the contour's fitted plane.
    static let planarityToleranceMM = 0.1
    /// Largest angle (degrees) between a contour's normal and the ROI's.
    static let normalToleranceDegrees = 0.5
    /// Contours of less area (mm²) have no normal of their own (they take the ROI's).
    static let minimumAreaMM2 = 1e-6
    /// Diagnostic codes that make an ROI not evaluable (see `SlabStack.lostContourCodes`).
    static let notPlanarCode = "roi.contour-not-planar"
    static let mixedNormalsCode = "roi.contour-normals-differ"

    /// How an ROI's contours are oriented.
    enum Orientation: Sendable {
        /// All at constant patient z: the axial path.
        case axial
        /// Parallel oblique planes: the frame, and the ROI with every contour in it (flattened).
        case oblique(ContourPlaneFrame, ROI)
        /// Not usable: the reason, whose code is in `SlabStack.lostContourCodes`.
        case unusable(Diagnostic)
    }

    /// The orientation of `roi`'s closed contours of ≥ 3 points (others are left to `SlabStack.planes`).
    static func orientation(of roi: ROI) -> Orientation {
        let usable = roi.contours.indices.filter {
            let c = roi.contours[$0]
            return (c.type == .closedPlanar || c.type == .closedPlanarXOR) && c.points.count >= 3
        }
        let axial = usable.allSatisfy { n in
            let points = roi.contours[n].points
            var lo = points[0].z, hi = lo
            for p in points { lo = min(lo, p.z); hi = max(hi, p.z) }
            return hi - lo <= axialSpreadMM
        }
        if axial { return .axial }
        let subject = "ROI \(roi.number) '\(roi.name)'"
        let fits = usable.map { fit(roi.contours[$0].points) }
        let reference = fits.indices.max { length(fits[$0].normal) < length(fits[$1].normal) }!
        var sum = SIMD3<Double>.zero
        for f in fits { sum += dot(f.normal, fits[reference].normal) < 0 ? -f.normal : f.normal }
        let normal = canonical(sum / length(sum))
        let cosTolerance = cos(normalToleranceDegrees * .pi / 180)
        for (m, f) in fits.enumerated() {
            let n = length(f.normal) / 2 > minimumAreaMM2 ? f.normal / length(f.normal) : normal
            let off = roi.contours[usable[m]].points.reduce(0.0) { max($0, abs(dot($1 - f.centroid, n))) }
            if off > planarityToleranceMM {
                return .unusable(Diagnostic(.warning, code: notPlanarCode,
                    "contour \(usable[m] + 1) of \(roi.contours.count) (first point \(describe(roi.contours[usable[m]].points[0])) mm) is not planar: a point lies \(format(off)) mm from its plane (more than \(planarityToleranceMM) mm): the ROI is not evaluable",
                    subject: subject))
            }
        }
        for (m, f) in fits.enumerated() where length(f.normal) / 2 > minimumAreaMM2 {
            let own = f.normal / length(f.normal)
            if abs(dot(own, normal)) < cosTolerance {
                let angle = acos(min(1, abs(dot(own, normal)))) * 180 / .pi
                return .unusable(Diagnostic(.warning, code: mixedNormalsCode,
                    "contour planes of different orientations: contour \(usable[m] + 1) of \(roi.contours.count) has normal \(describe(canonical(own))), the ROI's contours \(describe(normal)) (\(format(angle))° apart, more than \(normalToleranceDegrees)°): the ROI is not evaluable",
                    subject: subject))
            }
        }
        let frame = ContourPlaneFrame(normal: normal)
        var rotated = roi
        for n in rotated.contours.indices {
            var points = rotated.contours[n].points.map { frame.toPlane * $0 }
            if usable.contains(n) {
                let z = points.reduce(0.0) { $0 + $1.z } / Double(points.count)
                for p in points.indices { points[p].z = z }
            }
            rotated.contours[n].points = points
        }
        return .oblique(frame, rotated)
    }

    /// The frame whose +z is the unit vector `normal` (canonical sign: z ≥ 0): the smallest rotation
    /// taking `normal` to +z (Rodrigues, about normal × z).
    init(normal: SIMD3<Double>) {
        self.normal = normal
        let v = cross(normal, [0, 0, 1]), c = normal.z
        let columns = [SIMD3<Double>(1, 0, 0), [0, 1, 0], [0, 0, 1]].map { e in e + cross(v, e) + cross(v, cross(v, e)) / (1 + c) }
        toPlane = Matrix3(columns: columns[0], columns[1], columns[2])
    }

    /// Newell's normal (length twice the area) and the centroid of a contour's points.
    static func fit(_ points: [SIMD3<Double>]) -> (normal: SIMD3<Double>, centroid: SIMD3<Double>) {
        let centroid = points.reduce(SIMD3<Double>.zero, +) / Double(points.count)
        var n = SIMD3<Double>.zero
        for i in points.indices {
            n += cross(points[i] - centroid, points[(i + 1) % points.count] - centroid)
        }
        return (n, centroid)
    }

    /// `n` turned so that its z component is positive (else y, else x).
    static func canonical(_ n: SIMD3<Double>) -> SIMD3<Double> {
        let key = n.z != 0 ? n.z : n.y != 0 ? n.y : n.x
        return key < 0 ? -n : n
    }

    /// `x` to 3 decimals.
    private static func format(_ x: Double) -> String { "\((x * 1000).rounded() / 1000)" }
    private static func describe(_ v: SIMD3<Double>) -> String { "(\(format(v.x)), \(format(v.y)), \(format(v.z)))" }
}

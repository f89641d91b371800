import DICOMIO
import DoseSumKit
import Foundation
import Grids
import RTCore
import RTModel
import TestSupport

/// A two-course phantom for registration bands, with answers known in advance:
/// - course 1: physical dose 50 + g·x Gy (x in mm, LPS) in 25 fractions on a grid x, y, z ∈ [−30, 30] mm
///   (spacing 2.5 mm: trilinear interpolation of a linear dose is exact);
/// - course 2: 0 Gy in 30 fractions on the same grid (EQD2 0): the composite is course 1's EQD2;
/// - the cord: a cylinder of radius 6 mm about the z axis, contours every 2 mm from z = −4 to 4.
///
/// Moving course 1's dose by ±2 mm along x moves every sample's physical dose by ∓2·g exactly, so
/// the physical D0.03cc moves by ∓2·g and the EQD2 one to E(D ∓ 2g), E(D) = D·(D/25 + α/β)/(2 + α/β);
/// every other scenario (±2 mm along y, z; ±1° about an axis through the grid centre, the origin)
/// moves the dose at the cord by at most g·6·sin 1° + g·6·(1 − cos 1°) < 2·g.
struct LinearDoseCase {
    let folder: URL
    let gradient: Double
    static let patient = PatientIdentity(name: "Linear^Phantom", id: "LIN-1")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.79"
    static let fractions = 25.0, alphaBeta = 2.0

    /// - Parameter axis: the patient axis the dose rises along (0: x, the default; 2: z, across the end caps).
    init(gradient g: Double = 1, spacing: Double = 2.5, axis: Int = 0) throws {
        gradient = g
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-linear-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let n = Int((60 / spacing).rounded()) + 1
        let geometry = GridGeometry(origin: SIMD3(repeating: -30), spacing: SIMD3(repeating: spacing), size: SIMD3(repeating: n))
        try Self.writeCord(into: folder, geometry: geometry, frame: Self.frame, patient: Self.patient) { p in 50 + g * p[axis] }
    }

    /// Writes `rd1.dcm` (course 1: `course1(p)` Gy at each node p, LPS mm), `rd2.dcm` (course 2: 0 Gy),
    /// both on `geometry`, and `rs.dcm` (SpinalCord: a cylinder of radius 6 mm about z, contours every
    /// 2 mm from z = −4 to 4) into `folder`.
    static func writeCord(into folder: URL, geometry: GridGeometry, frame: UID, patient: PatientIdentity,
                          course1: (SIMD3<Double>) -> Double) throws {
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let d1 = DoseDistribution(grid: Fields.grid(geometry, course1), frameOfReference: frame, patient: patient)
        let d2 = DoseDistribution(grid: Fields.grid(geometry) { _ in 0 }, frameOfReference: frame, patient: patient)
        try DICOMWriter.writeDose(d1, to: path("rd1.dcm"), seriesDescription: "course 1")
        try DICOMWriter.writeDose(d2, to: path("rd2.dcm"), seriesDescription: "course 2")
        var cord = SlabPhantom.cylinderZ(centre: .zero, radius: 6, z0: -4, z1: 4, spacing: 2).roi(number: 1)
        cord.name = "SpinalCord"
        try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: frame, rois: [cord], patient: patient), to: path("rs.dcm"))
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// EQD2 (Gy) of a course-1 physical dose (Gy).
    static func eqd2(_ d: Double) -> Double { d * (d / fractions + alphaBeta) / (2 + alphaBeta) }
    /// The physical dose (Gy) whose course-1 EQD2 is `e` (the positive root of `eqd2`).
    static func physical(ofEQD2 e: Double) -> Double {
        fractions / 2 * (-alphaBeta + (alphaBeta * alphaBeta + 4 * e * (2 + alphaBeta) / fractions).squareRoot())
    }

    /// A user set of cord D0.03cc `≤` rows.
    func protocolFile(limits: [Double]) throws -> String {
        let file = path("set-\(UUID().uuidString).yaml")
        try (["id: linear-test", "title: Linear test", "citation: written by the test", "constraints:"]
            + limits.map { "  - {organ: SpinalCord, metric: D0.03cc, level: desirable, comparator: \"<=\", limit_gy: \($0)}" })
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func request(limits: [Double], scenarios: ScenarioSet = .default) throws -> CheckRequest {
        CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: path("rd1.dcm"), fractions: Int(Self.fractions)),
            CourseInput(label: "course2", dosePath: path("rd2.dcm"), fractions: 30),
        ], structuresPath: path("rs.dcm"), alphaBeta: ["SpinalCord": Self.alphaBeta]),
                     protocolID: try protocolFile(limits: limits), setupUncertainty: scenarios)
    }
}

import Foundation
import Grids
import RTCore
import RTModel
import Testing

/// Paths of the shared public DICOM-RT sets (never copied into the repository).
enum RealData {
    /// `<repo>/../shared/data/public`
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/public").path
    static var available: Bool { FileManager.default.fileExists(atPath: root) }
    static func path(_ relative: String) -> String { root + "/" + relative }
}

/// A small synthetic dose with a known closed-form value at every voxel: D(i,j,k) = 0.5 + i + 10 j + 100 k (Gy).
func syntheticDose(size: SIMD3<Int> = [4, 3, 5], spacing: SIMD3<Double> = [2, 2.5, 3],
                   origin: SIMD3<Double> = [-10.25, 20.5, -33.125], direction: Matrix3 = .identity,
                   summation: DoseSummationType = .plan, plans: [UID] = ["1.2.3.4.5"]) -> DoseDistribution {
    let g = GridGeometry(origin: origin, spacing: spacing, direction: direction, size: size)
    var values = [Float](repeating: 0, count: g.voxelCount)
    for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
        values[g.linearIndex(i, j, k)] = Float(0.5 + Double(i) + 10 * Double(j) + 100 * Double(k))
    } } }
    return DoseDistribution(grid: Grid(geometry: g, values: values), units: .gray, doseType: .physical,
                            summationType: summation, frameOfReference: "1.2.826.0.1.3680043.2.1125.1",
                            referencedPlanUIDs: plans,
                            patient: PatientIdentity(name: "Test^Patient", id: "DS-001", studyInstanceUID: "1.2.3.99"))
}

/// Records an issue unless `body` throws a one-line `DoseSumError` of `kind` whose description
/// contains every one of `words` (the file, the tag, what was expected).
func expectError(_ kind: DoseSumError.Kind, mentioning words: [String], _ body: () throws -> Void,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected a \(kind) error mentioning \(words)", sourceLocation: sourceLocation)
    } catch let e as DoseSumError {
        #expect(e.kind == kind, "\(e)", sourceLocation: sourceLocation)
        for w in words { #expect(e.description.contains(w), "\(e) lacks \(w)", sourceLocation: sourceLocation) }
        #expect(!e.description.contains("\n"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
    }
}

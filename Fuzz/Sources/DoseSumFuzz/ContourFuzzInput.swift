import CompositeDose
import DoseSumKit
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel

/// ROIs and a small grid decoded from fuzz bytes, for the contour-to-occupancy path. The grid is
/// plausible (as a validated dose would give); the contours are not: points may be degenerate,
/// repeated, collinear, huge (1e308, 2³²), tiny, infinite or NaN, as no reader would pass them.
///
/// Layout (every read past the end gives 0): 3 bytes spacing choice, 3 bytes size, 1 byte
/// orientation, 1 byte options, then per ROI (at most 3, the count is byte & 3) a contour count byte;
/// per contour a type byte, a point count byte (< 48), a planar flag, and per point 3 coordinates of
/// 2 bytes each: the high byte 0x7F picks a special value by the low byte, else an Int16 in ¼ mm.
struct ContourFuzzInput {
    static let spacings: [Double] = [0.5, 1, 2, 2.5, 3, 5]
    static let specials: [Double] = [.nan, .infinity, -.infinity, 1e308, -1e308, 4_294_967_296, 1e4, -1e4,
                                     9_999.999, 0, -0.0, 1e-300, .leastNonzeroMagnitude, 2.5e-5, 1e7, 0.125]
    static let orientations: [Matrix3] = [
        .identity,
        Matrix3(columns: [0, 1, 0], [1, 0, 0], [0, 0, -1]),
        Matrix3(columns: [-1, 0, 0], [0, -1, 0], [0, 0, 1]),
        Matrix3(columns: [0.6, 0.8, 0], [-0.8, 0.6, 0], [0, 0, 1]),
    ]

    var geometry: GridGeometry
    var options: SamplingOptions
    var rois: [ROI] = []

    init(_ bytes: UnsafeRawBufferPointer) {
        var reader = ByteReader(bytes)
        var spacing = SIMD3<Double>(1, 1, 1), size = SIMD3<Int>(1, 1, 1)
        for a in 0..<3 { spacing[a] = Self.spacings[Int(reader.byte()) % Self.spacings.count] }
        for a in 0..<3 { size[a] = 1 + Int(reader.byte()) % 12 }
        let direction = Self.orientations[Int(reader.byte()) % Self.orientations.count]
        geometry = GridGeometry(origin: [-10, -10, -10], spacing: spacing, direction: direction, size: size)
        let flags = reader.byte()
        options = SamplingOptions(endCap: flags & 1 == 0 ? .halfSpacing : .none)
        for r in 0..<Int(reader.byte() & 3) {
            var contours: [Contour] = []
            for _ in 0..<Int(reader.byte() % 6) {
                let type: Contour.GeometricType = switch reader.byte() % 8 {
                case 0: .point
                case 1: .openPlanar
                case 2: .closedPlanarXOR
                default: .closedPlanar
                }
                let count = Int(reader.byte() % 48)
                let planar = reader.byte() & 1 == 0
                var points: [SIMD3<Double>] = []
                var z = Self.coordinate(&reader)
                for _ in 0..<count {
                    let x = Self.coordinate(&reader), y = Self.coordinate(&reader)
                    if !planar { z = Self.coordinate(&reader) }
                    points.append([x, y, z])
                }
                contours.append(Contour(type: type, points: points))
            }
            rois.append(ROI(number: ROINumber(r + 1), name: "ROI\(r + 1)", contours: contours))
        }
    }

    static func coordinate(_ reader: inout ByteReader) -> Double {
        let hi = reader.byte(), lo = reader.byte()
        if hi == 0x7F { return specials[Int(lo) % specials.count] }
        return Double(Int16(bitPattern: UInt16(hi) << 8 | UInt16(lo))) * 0.25
    }

    /// Surveys the ROIs on the grid (grown to cover them, within `budget`) and writes their samples.
    func run(budget: MemoryBudget) throws {
        let alphaBeta = try AlphaBeta(2)
        let assignments = rois.map { ROIAssignment(roi: $0, alphaBeta: alphaBeta, alphaBetaSource: .other("fuzz"), recovery: 0) }
        let survey = try CompositeEvaluator.survey(assignments, on: geometry, options: options, budget: budget,
                                                   structuresPath: "fuzz")
        _ = survey.samplings(parallel: false)
    }
}

/// Reads bytes in order; past the end every byte is 0.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }
}

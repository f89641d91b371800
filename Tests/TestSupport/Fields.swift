import Foundation
import Grids
import RTCore

/// Builders for synthetic grids and transforms used by the Grids and Radiobiology tests.
public enum Fields {
    /// A grid whose voxel (i, j, k) holds `f(centre)`, the centre in the grid's patient frame (mm).
    public static func grid(_ geometry: GridGeometry, _ f: (SIMD3<Double>) -> Double) -> Grid<Float> {
        var values = [Float](repeating: 0, count: geometry.voxelCount)
        for k in 0..<geometry.size.z { for j in 0..<geometry.size.y { for i in 0..<geometry.size.x {
            values[geometry.linearIndex(i, j, k)] = Float(f(geometry.point(atIndex: SIMD3(Double(i), Double(j), Double(k)))))
        } } }
        return Grid(geometry: geometry, values: values)
    }

    /// A grid of deterministic pseudo-random values in [0, 100) (a 64-bit LCG seeded by `seed`).
    public static func noise(_ geometry: GridGeometry, seed: UInt64 = 1) -> Grid<Float> {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        let values = (0..<geometry.voxelCount).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * 100
        }
        return Grid(geometry: geometry, values: values)
    }

    /// Rotation by `angle` radians about the unit vector along `axis` (right-handed, Rodrigues).
    public static func rotation(axis: SIMD3<Double>, angle: Double) -> Matrix3 {
        let u = axis / length(axis), c = cos(angle), s = sin(angle), t = 1 - c
        return Matrix3(rowMajor: [
            t * u.x * u.x + c, t * u.x * u.y - s * u.z, t * u.x * u.z + s * u.y,
            t * u.x * u.y + s * u.z, t * u.y * u.y + c, t * u.y * u.z - s * u.x,
            t * u.x * u.z - s * u.y, t * u.y * u.z + s * u.x, t * u.z * u.z + c,
        ])
    }

    /// An oblique orthonormal direction matrix (rotation about (1, 2, 3) by 0.4 rad).
    public static let obliqueDirection = rotation(axis: [1, 2, 3], angle: 0.4)
}

/// Per-component maximum and minimum of 3-vectors, written out per component: the same values as the
/// standard library's `pointwiseMax`/`pointwiseMin` for finite and infinite components, but inlined
/// into hot loops (the generic ones stay calls there, several times slower per cell or point).
@inlinable @inline(__always) public func componentMax(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.x > b.x ? a.x : b.x, a.y > b.y ? a.y : b.y, a.z > b.z ? a.z : b.z)
}

@inlinable @inline(__always) public func componentMax(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.x > b.x ? a.x : b.x, a.y > b.y ? a.y : b.y, a.z > b.z ? a.z : b.z)
}

@inlinable @inline(__always) public func componentMin(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.x < b.x ? a.x : b.x, a.y < b.y ? a.y : b.y, a.z < b.z ? a.z : b.z)
}

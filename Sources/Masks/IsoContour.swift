/// The zero iso-line of a field sampled on a `RasterFrame` (marching squares, Lorensen & Cline's 2D
/// case): the boundary of the region where the bilinear interpolant of the nodes is negative, as line
/// segments (x0, y0, x1, y1; patient mm) that form closed loops when the border nodes are positive.
///
/// A crossing on a cell side is the linear zero between its two nodes, computed from the nodes in the
/// same order by both cells that share the side, so loops close exactly. Saddle cells are resolved by
/// the mean of their four nodes (the interpolant's value at the centre). Segments keep the inside on
/// their left, so that the shoelace sum of the segments is the region's area (holes subtract).
enum IsoContour {
    /// Segments and area (mm²) of the region {v < 0} of `values` (index j·nx + i) on `frame`.
    static func segments(_ values: [Double], frame f: RasterFrame) -> (segments: [SIMD4<Double>], areaMM2: Double) {
        values.withUnsafeBufferPointer { segments($0, frame: f) }
    }

    private static func segments(_ values: UnsafeBufferPointer<Double>, frame f: RasterFrame) -> (segments: [SIMD4<Double>], areaMM2: Double) {
        var out: [SIMD4<Double>] = []
        var twiceArea = 0.0
        let nx = f.nx
        @inline(__always) func point(_ i0: Int, _ j0: Int, _ i1: Int, _ j1: Int) -> SIMD2<Double> {
            let a = values[j0 * nx + i0], b = values[j1 * nx + i1]
            let t = a / (a - b)
            return SIMD2(f.x(i0) + t * (f.x(i1) - f.x(i0)), f.y(j0) + t * (f.y(j1) - f.y(j0)))
        }
        for j in 0..<(f.ny - 1) {
            for i in 0..<(nx - 1) {
                let va = values[j * nx + i], vb = values[j * nx + i + 1]
                let vc = values[(j + 1) * nx + i + 1], vd = values[(j + 1) * nx + i]
                let code = (va < 0 ? 1 : 0) | (vb < 0 ? 2 : 0) | (vc < 0 ? 4 : 0) | (vd < 0 ? 8 : 0)
                if code == 0 || code == 15 { continue }
                // sides: 0 bottom (a–b), 1 right (b–c), 2 top (d–c), 3 left (a–d)
                func side(_ s: Int) -> SIMD2<Double> {
                    switch s {
                    case 0: return point(i, j, i + 1, j)
                    case 1: return point(i + 1, j, i + 1, j + 1)
                    case 2: return point(i, j + 1, i + 1, j + 1)
                    default: return point(i, j, i, j + 1)
                    }
                }
                func corner(_ k: Int) -> (SIMD2<Double>, Double) {
                    switch k {
                    case 0: return (SIMD2(f.x(i), f.y(j)), va)
                    case 1: return (SIMD2(f.x(i + 1), f.y(j)), vb)
                    case 2: return (SIMD2(f.x(i + 1), f.y(j + 1)), vc)
                    default: return (SIMD2(f.x(i), f.y(j + 1)), vd)
                    }
                }
                // a segment from side s0 to side s1, oriented by corner k (the one it cuts off or faces)
                func emit(_ s0: Int, _ s1: Int, _ k: Int) {
                    var p = side(s0), q = side(s1)
                    let (cp, cv) = corner(k)
                    let mid = (p + q) / 2, d = q - p, r = cp - mid
                    let cornerOnLeft = d.x * r.y - d.y * r.x > 0
                    if cornerOnLeft != (cv < 0) { swap(&p, &q) }
                    twiceArea += p.x * q.y - q.x * p.y
                    out.append(SIMD4(p.x, p.y, q.x, q.y))
                }
                if code == 5 || code == 10 {
                    let centreInside = (va + vb + vc + vd) / 4 < 0
                    // cut off the two corners that are not joined through the centre
                    if (code == 5) == centreInside {
                        emit(0, 1, 1); emit(2, 3, 3)     // b and d cut off
                    } else {
                        emit(3, 0, 0); emit(1, 2, 2)     // a and c cut off
                    }
                } else {
                    var s0 = -1, s1 = -1
                    func add(_ s: Int) { if s0 < 0 { s0 = s } else { s1 = s } }
                    if (code & 1 != 0) != (code & 2 != 0) { add(0) }
                    if (code & 2 != 0) != (code & 4 != 0) { add(1) }
                    if (code & 8 != 0) != (code & 4 != 0) { add(2) }
                    if (code & 1 != 0) != (code & 8 != 0) { add(3) }
                    var k = 0, best = abs(va)
                    if abs(vb) > best { k = 1; best = abs(vb) }
                    if abs(vc) > best { k = 2; best = abs(vc) }
                    if abs(vd) > best { k = 3 }
                    emit(s0, s1, k)
                }
            }
        }
        return (out, twiceArea / 2)
    }
}

/// A region eroded by a distance that differs from edge to edge: the points of `region` (a plane's
/// even-odd region, patient x/y mm) farther than δ_E from every edge E. With one δ for all edges it is
/// the region shrunk by δ; with δ = 0 on some edges those stay where they are (a lying cylinder's
/// flat ends while its sides close in, `SmoothSurface`'s shrinking end caps).
enum EdgeErosion {
    /// Values on a raster window (mm, index j·nx + i, for `IsoContour`): −min_E(d(p, E) − δ_E) inside
    /// the region near its edges (negative where the eroded region is), φ + max δ deeper inside, φ
    /// outside.
    /// - Parameters: distances: the region's signed distance map φ on `frame` (mm, negative inside);
    ///   shifts: δ_E (mm, ≥ 0) for each of `region.edges`.
    static func values(_ region: PlanarRegion, distances: [Double], frame f: RasterFrame, shifts: [Double]) -> [Double] {
        let maxShift = shifts.max() ?? 0
        var out = distances
        guard maxShift > 0, !region.isEmpty else { return out }
        let edges = region.edges
        for k in out.indices {
            let phi = distances[k]
            guard phi < 0 else { continue }
            let depth = -phi
            // deeper than every shift (and then some): inside, and no crossing next to it
            guard depth <= maxShift + 2 * f.h else { out[k] = phi + maxShift; continue }
            let x = f.x(k % f.nx), y = f.y(k / f.nx)
            // an edge farther than depth + max δ cannot beat the nearest edge (d = depth, δ ≥ 0)
            let r = depth + maxShift + 1e-9
            var g = Double.infinity
            for b in region.band(y - r)...region.band(y + r) {
                for n in region.bandStart[b]..<region.bandStart[b + 1] {
                    let e = Int(region.bandEdges[n])
                    guard PlanarRegion.edge(edges[e], mayBeWithin: r, of: x) else { continue }
                    g = min(g, PlanarRegion.squaredDistance(from: edges[e], to: x, y).squareRoot() - shifts[e])
                }
            }
            out[k] = g.isFinite ? -g : phi + maxShift
        }
        return out
    }

    /// How far (mm) each edge of `region` lies inside `inner` (negative where it lies outside): the
    /// signed distance from the edge's midpoint to `inner`'s boundary, exact (every edge of `inner`).
    static func depths(of region: PlanarRegion, in inner: PlanarRegion) -> [Double] {
        region.edges.map { e in
            let x = (e.x + e.z) / 2, y = (e.y + e.w) / 2
            var d2 = Double.infinity
            for q in inner.edges { d2 = min(d2, PlanarRegion.squaredDistance(from: q, to: x, y)) }
            let d = d2.isFinite ? d2.squareRoot() : 0
            return inner.contains(x, y) ? d : -d
        }
    }
}

/// A scalar field that can be sampled at any patient position (LPS, mm), e.g. a dose grid's
/// trilinear interpolant, possibly seen through a rigid transform. Values outside the field's
/// support are 0 (for dose: no dose from that course there).
public protocol ScalarField: Sendable {
    func value(at point: SIMD3<Double>) -> Double
}

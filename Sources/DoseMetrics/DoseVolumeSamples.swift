import Dispatch
import Grids
import Masks
import RTCore

/// Dose samples of one structure with the volume each stands for: the input of every DVH metric.
///
/// `doses[n]` (Gy, or Gy EQD2) is the dose at sample n; `volumes[n]` (mm³) the volume it represents.
/// Usually built from a `StructureSampling` (points inside the structure, weights = sub-volumes).
public struct DoseVolumeSamples: Sendable {
    /// Dose at each sample, Gy.
    public var doses: [Float]
    /// Volume of each sample, mm³.
    public var volumes: [Float]

    /// Throws `DoseSumError(.invalidValue)` when the arrays differ in length or a volume is negative
    /// or a value is not finite.
    public init(doses: [Float], volumes: [Float], subject: String? = nil) throws {
        let what = subject.map { "\($0): " } ?? ""
        guard doses.count == volumes.count else {
            throw DoseSumError(.invalidValue, "\(what)\(doses.count) doses for \(volumes.count) sample volumes; expected one dose per sample")
        }
        if !Self.allValid(doses: doses, volumes: volumes) {
            if let bad = doses.firstIndex(where: { !$0.isFinite }) {
                throw DoseSumError(.invalidValue, "\(what)dose at sample \(bad) is \(doses[bad]); expected a finite dose in Gy")
            }
            if let bad = volumes.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw DoseSumError(.invalidValue, "\(what)volume of sample \(bad) is \(volumes[bad]); expected a finite volume ≥ 0 mm³")
            }
        }
        self.doses = doses; self.volumes = volumes
    }

    /// True when every dose is finite and every volume finite and ≥ 0 (−0 included): one branch-free
    /// pass over the bit patterns, so the common valid case costs little; the caller finds the
    /// offending sample only when this is false.
    static func allValid(doses: [Float], volumes: [Float]) -> Bool {
        doses.withUnsafeBufferPointer { d in
            volumes.withUnsafeBufferPointer { v in
                precondition(d.count == v.count, "one volume per dose")
                var bad: UInt32 = 0
                for n in 0..<d.count {
                    let dose = d[n].bitPattern, volume = v[n].bitPattern
                    // exponent all ones: ±∞ or NaN
                    bad |= (dose & 0x7F80_0000 == 0x7F80_0000 ? 1 : 0)
                    // above the largest finite positive pattern, except −0
                    bad |= (volume > 0x7F7F_FFFF && volume != 0x8000_0000 ? 1 : 0)
                }
                return bad == 0
            }
        }
    }

    /// Doses precomputed at `sampling.points` (same order, Gy) — the entry point of the composite
    /// engine, which evaluates per-point EQD2 itself.
    public init(sampling: StructureSampling, doses: [Float]) throws {
        try self.init(doses: doses, volumes: sampling.weights, subject: "ROI \(sampling.roiNumber) '\(sampling.roiName)'")
    }

    /// Doses read from `field` (Gy) at `sampling.points`; chunks of points run concurrently when
    /// `parallel` (each dose depends only on its point: identical to the serial result).
    public init(sampling: StructureSampling, field: some ScalarField, parallel: Bool = true) {
        let points = sampling.points
        let doses = [Float](count: points.count, repeating: 0, chunkSize: 16_384, parallel: parallel) { range, out in
            for (n, p) in range.enumerated() { out[n] = Float(field.value(at: SIMD3<Double>(points[p]))) }
        }
        self.doses = doses; self.volumes = sampling.weights
    }

    public var count: Int { doses.count }
    public var isEmpty: Bool { doses.isEmpty }
    /// Σ volumes (mm³), accumulated in Double.
    public var totalVolumeMM3: Double { volumes.reduce(0.0) { $0 + Double($1) } }
}

import Dispatch
import Foundation
import Grids
import RTCore
import RTModel

extension DICOMWriter {
    /// Largest stored integer used when quantising (2^31 − 1, safe for readers that assume signed).
    static let maxStoredValue = 2_147_483_647.0

    /// Writes an RTDOSE: 32-bit unsigned samples, DoseGridScaling = max / (2^31 − 1) formatted to ≤ 16
    /// characters and re-parsed before quantising (so a re-read gives values within scaling / 2),
    /// relative GridFrameOffsetVector, DoseUnits/DoseType/DoseSummationType from `dose`, one
    /// ReferencedRTPlanSequence item per referenced plan, empty OperatorsName.
    ///
    /// - Parameters:
    ///   - overrides: attributes to replace (text value) or remove (nil) after the dataset is built —
    ///     for tests that need deliberately broken files.
    /// - Returns: the new SOP Instance UID.
    @discardableResult
    public static func writeDose(_ dose: DoseDistribution, to path: String, seriesDescription: String,
                                 overwrite: Bool = false, overrides: [DICOMTag: String?] = [:]) throws -> UID {
        let g = dose.grid.geometry
        guard !dose.frameOfReference.isEmpty else {
            throw DoseSumError(.usage, "a dose needs a FrameOfReferenceUID to be written", file: path, tag: .frameOfReferenceUID)
        }
        if dose.summationType == .multiPlan && dose.referencedPlanUIDs.count < 2 {
            throw DoseSumError(.usage, "MULTI_PLAN needs two or more referenced plans, found \(dose.referencedPlanUIDs.count)",
                               file: path, tag: .referencedRTPlanSequence)
        }
        let normal = cross(g.direction.c0, g.direction.c1)
        let along = dot(g.direction.c2, normal)
        guard abs(abs(along) - 1) <= Tolerance.directionCosine, g.direction.isOrthonormal else {
            throw DoseSumError(.geometry, "the grid's slice direction must be ±(row × column) and the directions orthonormal",
                               file: path, tag: .imageOrientationPatient)
        }
        let (scalingText, scaling) = try doseGridScaling(for: dose.grid.values, path: path)

        let file = try DICOMFile.empty(path: path)
        let ds = file.dataset
        let uid = DICOMFormatting.newUID()
        try writeCommon(ds, sopClass: SOPClass.rtDose, sopInstance: uid, modality: "RTDOSE", patient: dose.patient,
                        frameOfReference: dose.frameOfReference, seriesDescription: seriesDescription)
        try ds.set(.samplesPerPixel, "1")
        try ds.set(.photometricInterpretation, "MONOCHROME2")
        try ds.set(.numberOfFrames, String(g.size.z))
        try ds.set(.frameIncrementPointer, "(3004,000c)")
        try ds.set(.rows, String(g.size.y))
        try ds.set(.columns, String(g.size.x))
        try ds.set(.pixelSpacing, DICOMFormatting.dsList([g.spacing.y, g.spacing.x]))
        try ds.set(.imagePositionPatient, DICOMFormatting.dsList([g.origin.x, g.origin.y, g.origin.z]))
        let c0 = g.direction.c0, c1 = g.direction.c1
        try ds.set(.imageOrientationPatient, DICOMFormatting.dsList([c0.x, c0.y, c0.z, c1.x, c1.y, c1.z]))
        try ds.set(.sliceThickness, DICOMFormatting.ds(g.spacing.z))
        let stepSign = along < 0 ? -1.0 : 1.0
        try ds.set(.gridFrameOffsetVector, DICOMFormatting.dsList((0..<g.size.z).map { Double($0) * g.spacing.z * stepSign }))
        try ds.set(.bitsAllocated, "32")
        try ds.set(.bitsStored, "32")
        try ds.set(.highBit, "31")
        try ds.set(.pixelRepresentation, "0")
        try ds.set(.doseUnits, dose.units.rawValue)
        try ds.set(.doseType, dose.doseType.rawValue)
        try ds.set(.doseSummationType, dose.summationType.rawValue)
        try ds.set(.doseGridScaling, scalingText)
        for plan in dose.referencedPlanUIDs {
            let item = try ds.appendItem(.referencedRTPlanSequence)
            try item.set(.referencedSOPClassUID, SOPClass.rtPlan)
            try item.set(.referencedSOPInstanceUID, plan.rawValue)
        }
        try ds.createPixels(count: dose.grid.values.count) { quantise(dose.grid.values, scaling: scaling, into: $0) }
        try apply(overrides, to: ds)
        try saveAtomically(file, to: path, overwrite: overwrite)
        return uid
    }

    /// Chunk size (samples) of the parallel quantisation passes.
    static let quantisationChunk = 1 << 18

    /// DoseGridScaling for `values` (Gy), as written (10 significant digits) and as its Double value:
    /// max / (2³¹ − 1). Values must be finite and ≥ 0 (−1e-6 … 0 is taken as 0, float noise). The
    /// maximum is found on `concurrentPerform` chunks.
    static func doseGridScaling(for values: [Float], path: String) throws -> (text: String, value: Double) {
        let chunk = quantisationChunk
        let chunks = (values.count + chunk - 1) / chunk
        var maxima = [Float](repeating: 0, count: chunks)
        var bad = [Float?](repeating: nil, count: chunks)
        values.withUnsafeBufferPointer { v in
            maxima.withUnsafeMutableBufferPointer { m in
                bad.withUnsafeMutableBufferPointer { b in
                    nonisolated(unsafe) let (v, m, b) = (v, m, b)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        var top: Float = 0
                        for i in c * chunk..<Swift.min(v.count, (c + 1) * chunk) {
                            let x = v[i]
                            guard x.isFinite, x >= -1e-6 else { b[c] = x; return }
                            top = Swift.max(top, x)
                        }
                        m[c] = top
                    }
                }
            }
        }
        if let v = bad.lazy.compactMap({ $0 }).first {
            throw DoseSumError(.invalidValue, "dose values must be finite and non-negative to be written, found \(v)",
                               file: path, tag: .pixelData)
        }
        let maximum = maxima.max() ?? 0
        let raw = maximum > 0 ? Double(maximum) / maxStoredValue : 1e-6
        let text = String(format: "%.9E", raw)
        guard let scaling = Double(text), scaling > 0 else {
            throw DoseSumError(.internalError, "could not format DoseGridScaling \(raw)", file: path, tag: .doseGridScaling)
        }
        return (text, scaling)
    }

    /// Stored integers of `values` into `out` (same count): the integer nearest (ties to even) to
    /// max(0, value) × (1 / scaling), at most UInt32.max, so within half a step of value / scaling plus
    /// the rounding of the reciprocal (< 10⁻⁶ step for stored values up to 2³¹). On
    /// `concurrentPerform` chunks; each sample depends only on its value, so the split does not matter.
    static func quantise(_ values: [Float], scaling: Double, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count == values.count, "quantise: \(out.count) slots for \(values.count) values")
        let chunk = quantisationChunk
        let chunks = (values.count + chunk - 1) / chunk
        values.withUnsafeBufferPointer { v in
            nonisolated(unsafe) let (v, out) = (v, out)
            let inverse = 1 / scaling
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in c * chunk..<Swift.min(v.count, (c + 1) * chunk) {
                    // x in [0, 2³² − 1]; adding 1.5 · 2⁵² rounds it to the nearest integer (ties to
                    // even), which the low 32 bits of the sum then hold: no division, no conversion
                    // that could trap, so the loop vectorises
                    let x = Swift.min(Double(Swift.max(0, v[i])) * inverse, Double(UInt32.max))
                    out[i] = UInt32(truncatingIfNeeded: (x + 6_755_399_441_055_744).bitPattern)
                }
            }
        }
    }
}

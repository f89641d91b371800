import Grids
import RTCore

/// How the stored frames of an RTDOSE sit in space, and the uniform `GridGeometry` DoseSum uses.
///
/// Conventions (PS3.3 C.8.8.3.2): GridFrameOffsetVector (3004,000C) is either **relative** (first value
/// 0: distances from ImagePositionPatient along the slice normal row×col) or **absolute** (first value
/// non-zero: the normal coordinate of each frame, the first equal to IPP projected on the normal).
/// Offsets may decrease (GammaPlan: 0, −1, −2 …): then the grid's slice direction is −(row×col).
/// Uneven steps are resampled by linear interpolation between neighbouring frames onto a uniform step
/// equal to the smallest stored step (a warning says so), because `GridGeometry` only knows uniform steps.
struct FrameLayout: Sendable {
    /// The uniform geometry of the dose as DoseSum holds it.
    var geometry: GridGeometry
    /// Distance (mm) of each stored frame from frame 0 along `geometry.direction.c2`; increasing.
    var storedFramePositions: [Double]
    /// True when stored frames are not already on `geometry`'s uniform step.
    var needsResampling: Bool
    var diagnostics: [Diagnostic]

    /// Uneven frames are resampled onto at most this many times the stored frame count.
    static let maximumResamplingFactor = 8

    /// - Parameters are the raw header values (mm); `offsets` nil when GridFrameOffsetVector is absent.
    static func make(file: String, imagePosition ipp: [Double], orientation iop: [Double], pixelSpacing ps: [Double],
                     rows: Int, columns: Int, frames: Int, numberOfFramesPresent: Bool,
                     offsets rawOffsets: [Double]?, sliceThickness: Double?) throws -> FrameLayout {
        var diagnostics: [Diagnostic] = []
        let row = SIMD3(iop[0], iop[1], iop[2]), col = SIMD3(iop[3], iop[4], iop[5])
        let lengthTolerance = Tolerance.orthonormality
        guard abs(length(row) - 1) <= lengthTolerance, abs(length(col) - 1) <= lengthTolerance,
              abs(dot(row, col)) <= lengthTolerance else {
            throw DoseSumError(.geometry, "expected two orthonormal direction cosines (unit length, perpendicular), found \(iop)"
                               + " (|row| = \(length(row)), |col| = \(length(col)), row·col = \(dot(row, col)))",
                               file: file, tag: .imageOrientationPatient)
        }
        guard ps.allSatisfy(PhysicalLimits.isPlausibleSpacing) else {
            throw DoseSumError(.geometry, "expected spacings [row, column] of \(PhysicalLimits.spacingMM.lowerBound)…\(PhysicalLimits.spacingMM.upperBound) mm, found \(ps)",
                               file: file, tag: .pixelSpacing)
        }
        guard ipp.allSatisfy(PhysicalLimits.isPlausibleCoordinate) else {
            throw DoseSumError(.geometry, "expected x, y, z within ±\(PhysicalLimits.coordinateMM) mm, found \(ipp)",
                               file: file, tag: .imagePositionPatient)
        }
        if let raw = rawOffsets, let bad = raw.first(where: { !PhysicalLimits.isPlausibleCoordinate($0) }) {
            throw DoseSumError(.geometry, "expected offsets within ±\(PhysicalLimits.coordinateMM) mm, found \(bad)",
                               file: file, tag: .gridFrameOffsetVector)
        }
        let normal = cross(row, col)
        let origin = SIMD3(ipp[0], ipp[1], ipp[2])

        // Offsets in frame order, relative to frame 0, signed along `normal`.
        var offsets: [Double]
        if let raw = rawOffsets, !raw.isEmpty {
            if raw.count != frames {
                if !numberOfFramesPresent && frames == 1 {
                    diagnostics.append(Diagnostic(.warning, code: "dose.frame-offsets-extra",
                        "NumberOfFrames is absent (one frame) but GridFrameOffsetVector lists \(raw.count) offsets; using the first",
                        subject: file))
                } else {
                    throw DoseSumError(.invalidValue, "expected \(frames) offsets (one per frame, NumberOfFrames = \(frames)), found \(raw.count)",
                                       file: file, tag: .gridFrameOffsetVector)
                }
            }
            let used = Array(raw.prefix(frames))
            if used[0] == 0 {
                offsets = used
            } else {
                let projected = dot(origin, normal)
                if abs(used[0] - projected) > Tolerance.positionMM * 10 {
                    diagnostics.append(Diagnostic(.warning, code: "dose.frame-offsets-absolute-mismatch",
                        "GridFrameOffsetVector starts at \(used[0]) mm but ImagePositionPatient lies at \(projected) mm along the slice normal; frame 0 is placed at ImagePositionPatient",
                        subject: file))
                }
                offsets = used.map { $0 - used[0] }
            }
        } else {
            guard frames == 1 else {
                throw DoseSumError(.missingAttribute, "missing, expected \(frames) frame offsets for a multi-frame dose",
                                   file: file, tag: .gridFrameOffsetVector)
            }
            offsets = [0]
        }

        // Step sign and sizes.
        let steps = zip(offsets.dropFirst(), offsets).map { $0 - $1 }
        var sign = 1.0
        var step: Double
        var positions: [Double]
        var uneven = false
        if steps.isEmpty {
            // One plane: its thickness is SliceThickness if given, else a stored second offset, else the
            // smaller in-plane spacing (stated in an info diagnostic, never silently).
            if let t = sliceThickness, PhysicalLimits.isPlausibleSpacing(t) {
                step = t
            } else if let raw = rawOffsets, raw.count >= 2, PhysicalLimits.isPlausibleSpacing(abs(raw[1] - raw[0])) {
                step = abs(raw[1] - raw[0])
            } else {
                step = min(ps[0], ps[1])
            }
            diagnostics.append(Diagnostic(.info, code: "dose.single-plane",
                "single-plane dose: treated as one slice \(step) mm thick", subject: file))
            positions = [0]
        } else {
            guard steps.allSatisfy({ $0 > 0 }) || steps.allSatisfy({ $0 < 0 }) else {
                throw DoseSumError(.geometry, "expected strictly increasing or strictly decreasing offsets, found \(offsets)",
                                   file: file, tag: .gridFrameOffsetVector)
            }
            sign = steps[0] < 0 ? -1 : 1
            positions = offsets.map { $0 * sign }
            let magnitudes = steps.map(abs)
            let smallest = magnitudes.min()!, largest = magnitudes.max()!
            guard PhysicalLimits.isPlausibleSpacing(smallest) && PhysicalLimits.isPlausibleSpacing(largest) else {
                throw DoseSumError(.geometry, "expected steps between frames of \(PhysicalLimits.spacingMM.lowerBound)…\(PhysicalLimits.spacingMM.upperBound) mm, found \(smallest)…\(largest) mm",
                                   file: file, tag: .gridFrameOffsetVector)
            }
            if largest - smallest <= max(Tolerance.positionMM, Tolerance.relativeSpacing * smallest) {
                step = (positions.last! - positions.first!) / Double(steps.count)
            } else {
                uneven = true
                step = smallest
                diagnostics.append(Diagnostic(.warning, code: "dose.frame-offsets-uneven",
                    "frame spacing is uneven (\(smallest)…\(largest) mm); frames were resampled by linear interpolation onto a uniform \(smallest) mm step",
                    subject: file))
            }
        }
        var frameCount = positions.count
        if uneven {
            // Resampling makes frames from the stored ones: never many more than the pixel data holds.
            let resampled = ((positions.last! - positions.first!) / step + 1e-6).rounded(.down) + 1
            let limit = Double(max(positions.count, 1) * maximumResamplingFactor)
            guard resampled.isFinite, resampled <= limit else {
                throw DoseSumError(.geometry, "uneven offsets (smallest step \(step) mm over \(positions.last! - positions.first!) mm) would be resampled into \(resampled) frames from \(positions.count) stored, more than \(maximumResamplingFactor) times as many",
                                   file: file, tag: .gridFrameOffsetVector)
            }
            frameCount = Int(resampled)
        }
        let direction = Matrix3(columns: row, col, normal * sign)
        let geometry = GridGeometry(origin: origin, spacing: SIMD3(ps[1], ps[0], step), direction: direction,
                                    size: SIMD3(columns, rows, frameCount))
        return FrameLayout(geometry: geometry, storedFramePositions: positions, needsResampling: uneven, diagnostics: diagnostics)
    }

    /// Values of the stored frames (plane after plane, `planeSize` values each) on the uniform step.
    func resample(_ stored: [Float], planeSize: Int) -> [Float] {
        guard needsResampling else { return stored }
        let step = geometry.spacing.z
        var out = [Float](repeating: 0, count: planeSize * geometry.size.z)
        var upper = 1
        for k in 0..<geometry.size.z {
            let t = Double(k) * step
            while upper < storedFramePositions.count - 1 && storedFramePositions[upper] < t { upper += 1 }
            let lower = upper - 1
            let span = storedFramePositions[upper] - storedFramePositions[lower]
            let w = Float(min(1, max(0, (t - storedFramePositions[lower]) / span)))
            let a = lower * planeSize, b = upper * planeSize, o = k * planeSize
            for p in 0..<planeSize { out[o + p] = stored[a + p] * (1 - w) + stored[b + p] * w }
        }
        return out
    }
}

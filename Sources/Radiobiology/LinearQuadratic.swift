import RTCore

/// The linear-quadratic conversion of a course's **total** physical dose D (Gy), delivered in n equal
/// fractions, to an isoeffective dose, without a time factor (no repopulation) and with full repair
/// between fractions:
///
///     BED  = D · (1 + d / (α/β)),                 d = D / n
///     EQD2 = D · (d + α/β) / (2 Gy + α/β)  =  BED / (1 + 2 Gy / (α/β))
///
/// Applied voxel- or point-wise: D is the course's total dose at that voxel or point, so d is the
/// local dose per fraction, not the prescription's.
public struct LQConversion: Hashable, Sendable {
    public let fractions: Int
    public let alphaBeta: AlphaBeta

    /// - Throws: `DoseSumError(.invalidValue)` when `fractions` < 1.
    public init(fractions: Int, alphaBeta: AlphaBeta) throws {
        guard fractions >= 1 else {
            throw DoseSumError(.invalidValue, "the number of fractions must be an integer ≥ 1, got \(fractions)")
        }
        self.init(checkedFractions: fractions, alphaBeta: alphaBeta)
    }

    /// For callers that have already validated `fractions` ≥ 1 (a `Course`).
    init(checkedFractions fractions: Int, alphaBeta: AlphaBeta) {
        self.fractions = fractions; self.alphaBeta = alphaBeta
    }

    /// EQD2 (Gy) of a total physical dose `d` (Gy).
    @inlinable public func eqd2(_ d: Double) -> Double { Self.eqd2(d, fractions: Double(fractions), alphaBeta: alphaBeta.gray) }

    /// The one EQD2 expression every path uses: `d · (d / n + α/β) / (2 + α/β)` (Gy; no validation).
    @inlinable public static func eqd2(_ d: Double, fractions n: Double, alphaBeta ab: Double) -> Double {
        d * (d / n + ab) / (2 + ab)
    }
    /// BED (Gy) of a total physical dose `d` (Gy).
    @inlinable public func bed(_ d: Double) -> Double { d * (1 + d / (Double(fractions) * alphaBeta.gray)) }
}

/// EQD2 of a total physical dose D given in `fractions` equal fractions (see `LQConversion`).
public func eqd2(totalDose: Gray, fractions: Int, alphaBeta: AlphaBeta) throws -> Gray {
    Gray(try LQConversion(fractions: fractions, alphaBeta: alphaBeta).eqd2(totalDose.value))
}

/// BED of a total physical dose D given in `fractions` equal fractions (see `LQConversion`).
public func bed(totalDose: Gray, fractions: Int, alphaBeta: AlphaBeta) throws -> Gray {
    Gray(try LQConversion(fractions: fractions, alphaBeta: alphaBeta).bed(totalDose.value))
}

import RTCore

/// α/β per ROI name, a default for the others, and optional recovery factors per ROI.
///
/// Names match exactly first, then ignoring case. A recovery factor r ∈ [0, 1] is the fraction of an
/// **earlier** course's EQD2 considered recovered (discounted) for that ROI, one for every earlier
/// course or one per course (`RecoveryFactors`): discounted composite = Σ (1 − rₖ) · EQD2(earlier
/// course k) + EQD2(last course) (`RecoveryWeighting`). Reports give both the discounted and the
/// undiscounted (r = 0) composite.
public struct AlphaBetaAssignment: Sendable {
    public var byROI: [String: AlphaBeta]
    public var defaultValue: AlphaBeta?
    public var recoveryByROI: [String: RecoveryFactors]

    /// - Throws: `DoseSumError(.invalidValue)` for a recovery factor outside [0, 1].
    public init(byROI: [String: AlphaBeta] = [:], default defaultValue: AlphaBeta? = nil,
                recovery: [String: RecoveryFactors] = [:]) throws {
        for (name, factors) in recovery {
            guard let r = factors.invalidFactor else { continue }
            throw DoseSumError(.invalidValue, "ROI '\(name)': recovery factor must be between 0 and 1, got \(r)")
        }
        self.byROI = byROI; self.defaultValue = defaultValue; self.recoveryByROI = recovery
    }

    /// The recovery factor for an ROI (0 when none is given).
    public func recovery(for roi: String) -> RecoveryFactors { Self.lookup(roi, in: recoveryByROI) ?? .none }

    /// The value for an ROI name in a table, under `NameLookup` (exact, else equal ignoring case).
    public static func lookup<V>(_ name: String, in table: [String: V]) -> V? { NameLookup.value(name, in: table) }
}

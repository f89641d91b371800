import RTCore
import RTModel

/// Which α/β an ROI is judged with, in this order:
/// 1. its own value given for the ROI (matched exactly, then ignoring case);
/// 2. the default value, when given;
/// 3. the default of the organ its name maps to, from `vocabulary` (a constraint set's: the α/β its
///    file declares for the organ, else the convention for a shipped organ — 2 Gy for central nervous
///    tissue (brain stem, spinal cord, optic chiasm and nerves, temporal lobes, brachial plexus), 3 Gy
///    for other late-responding tissue (carotid, mandible, cochlea), 10 Gy for targets (GTV, PTV), the
///    values of clinical-limits.md (CARE carbon / common defaults) — else the α/β its rows state);
/// 4. none: the caller decides (an organ of the constraint set without one is an error).
///
/// A constraint row that states its own α/β is judged at that α/β (`forRow`), whatever the ROI's.
/// The one policy check, budget, metrics and export share.
public struct AlphaBetaPolicy: Sendable {
    public var assignment: AlphaBetaAssignment
    /// The organs' default α/β (step 3); the shipped sets' conventions unless a pipeline sets its
    /// constraint set's vocabulary.
    public var vocabulary: OrganVocabulary = .shipped

    public init(perROI: [String: Double], default defaultValue: Double?, recovery: [String: RecoveryFactors]) throws {
        var byROI: [String: AlphaBeta] = [:]
        for (name, v) in perROI {
            do { byROI[name] = try AlphaBeta(v) } catch {
                throw DoseSumError(.usage, "α/β of ROI '\(name)' is \(v): it must be a finite number of Gy > 0")
            }
        }
        let d = try defaultValue.map { v -> AlphaBeta in
            do { return try AlphaBeta(v) } catch {
                throw DoseSumError(.usage, "the default α/β is \(v): it must be a finite number of Gy > 0")
            }
        }
        assignment = try AlphaBetaAssignment(byROI: byROI, default: d, recovery: recovery)
    }

    /// Conventional α/β (Gy) of a shipped organ kind; nil for any other kind.
    public static func conventional(_ kind: OrganKind) -> Double? {
        OrganVocabulary.shipped.defaultAlphaBeta(for: kind)?.gy
    }

    /// The α/β of an ROI and where it came from; nil when none applies.
    public func resolve(roiName: String, organ: Organ?) -> (AlphaBeta, AlphaBetaSource)? {
        if let v = AlphaBetaAssignment.lookup(roiName, in: assignment.byROI) { return (v, .givenForROI) }
        if let d = assignment.defaultValue { return (d, .givenDefault) }
        if let organ, let (gy, source) = vocabulary.defaultAlphaBeta(for: organ.kind), let v = try? AlphaBeta(gy) {
            return (v, source)
        }
        return nil
    }

    /// The α/β a constraint row is judged at: the row's own when it states one, else the ROI's
    /// (`resolve`). nil when neither applies.
    public func forRow(statedAlphaBeta: Double?, roiName: String, organ: Organ?) -> (AlphaBeta, AlphaBetaSource)? {
        if let stated = statedAlphaBeta, let ab = try? AlphaBeta(stated) { return (ab, .constraintRow) }
        return resolve(roiName: roiName, organ: organ)
    }

    /// ROI names given α/β or recovery on the command line that the structure set does not have.
    public func unknownROINames(in set: StructureSet) -> [String] {
        let names = Set(set.rois.map { $0.name.lowercased() })
        return (Array(assignment.byROI.keys) + Array(assignment.recoveryByROI.keys))
            .filter { !names.contains($0.lowercased()) }.sorted()
    }
}

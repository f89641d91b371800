import Foundation
import OutputFiles
import RTCore

/// Joins the shard summaries of one batch (`summary.shard-I-of-N.json`) into one summary.
///
/// Refuses: a summary that is not a shard, shards of different manifests (fingerprint, patient count)
/// or different N, the same shard twice, a patient id in two shards, and missing shards.
public enum BatchMerge {
    public static func merge(_ paths: [String]) throws -> BatchSummary {
        guard !paths.isEmpty else { throw DoseSumError(.usage, "batch-merge needs at least one shard summary") }
        let shards = try paths.map { ($0, try BatchSummary.read($0)) }
        let (firstPath, first) = shards[0]
        var owner: [String: String] = [:], seenShard: [Int: String] = [:]
        for (path, s) in shards {
            guard let shard = s.shard else {
                throw DoseSumError(.usage, "is not a shard summary (no 'shard'); merge the summary.shard-I-of-N.json files", file: path)
            }
            guard s.manifestFingerprint == first.manifestFingerprint, s.patientsInManifest == first.patientsInManifest else {
                throw DoseSumError(.usage, "comes from another manifest than \(firstPath) (\(s.manifest), \(s.manifestFingerprint), \(s.patientsInManifest) patients vs \(first.manifest), \(first.manifestFingerprint), \(first.patientsInManifest))", file: path)
            }
            guard shard.count == first.shard?.count else {
                throw DoseSumError(.usage, "is shard \(shard) but \(firstPath) is shard \(first.shard!): the shard counts differ", file: path)
            }
            if let other = seenShard[shard.index] {
                throw DoseSumError(.usage, "shard \(shard) is given twice (also \(other))", file: path)
            }
            seenShard[shard.index] = path
            for e in s.patients {
                if let other = owner[e.id] {
                    throw DoseSumError(.usage, "patient '\(e.id)' is also in \(other); shards must not overlap", file: path)
                }
                owner[e.id] = path
            }
        }
        let count = first.shard!.count
        let missing = (1...count).filter { seenShard[$0] == nil }
        guard missing.isEmpty else {
            throw DoseSumError(.usage, "shard(s) \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing; give all \(count) shard summaries")
        }
        return BatchSummary(engineVersion: first.engineVersion, manifest: first.manifest,
                            manifestFingerprint: first.manifestFingerprint, patientsInManifest: first.patientsInManifest,
                            shard: nil, interrupted: shards.contains { $0.1.interrupted },
                            patients: shards.flatMap { $0.1.patients })
    }

    /// The merged summary's two files (`output`, a `.json` path, and the `.csv` beside it), checked
    /// before the shards are read: see `OutputPlan`. No output may be one of the `shards`.
    public static func outputPlan(output: String, shards: [String], overwrite: Bool, label: String) throws -> OutputPlan {
        guard output.lowercased().hasSuffix(".json") else {
            throw DoseSumError(.usage, "\(label) must name a .json file (the .csv is written beside it), got '\(output)'")
        }
        let url = URL(fileURLWithPath: output)
        let csv = url.deletingPathExtension().appendingPathExtension("csv").path
        return OutputPlan(outputs: [.init(label: label, path: output), .init(label: label + " (its .csv)", path: csv)],
                          inputs: shards, overwrite: overwrite)
    }

    /// Writes the merged summary to `output` (a `.json` path) and the CSV beside it (same name, `.csv`),
    /// all or nothing; neither is replaced unless `overwrite`.
    public static func write(_ summary: BatchSummary, output: String, overwrite: Bool) throws {
        guard output.lowercased().hasSuffix(".json") else {
            throw DoseSumError(.usage, "the merged summary must be a .json file (the .csv is written beside it), got '\(output)'")
        }
        let url = URL(fileURLWithPath: output)
        try summary.write(folder: url.deletingLastPathComponent().path, stem: url.deletingPathExtension().lastPathComponent,
                          overwrite: overwrite)
    }
}

import Foundation
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

    /// Writes the merged summary to `output` (a `.json` path) and the CSV beside it (same name, `.csv`);
    /// neither is replaced unless `overwrite`.
    public static func write(_ summary: BatchSummary, output: String, overwrite: Bool) throws {
        guard output.lowercased().hasSuffix(".json") else {
            throw DoseSumError(.usage, "--output must name a .json file (the .csv is written beside it), got '\(output)'")
        }
        let url = URL(fileURLWithPath: output)
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent().path
        for ext in ["json", "csv"] {
            let p = url.deletingPathExtension().appendingPathExtension(ext).path
            if !overwrite && FileManager.default.fileExists(atPath: p) {
                throw DoseSumError(.io, "exists already; pass --force to overwrite it", file: p)
            }
        }
        try summary.write(folder: folder, stem: stem, overwrite: overwrite)
    }
}

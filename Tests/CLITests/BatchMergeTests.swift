import Foundation
import Testing
import DoseSumKit
import RTCore
import TestSupport

/// Shard merging and exit-status mapping on hand-made summaries (no checks run).
struct BatchMergeTests {
    /// Removed when the test's suite instance goes away, pass or fail.
    let tmp: TemporaryFolder
    init() throws { tmp = try TemporaryFolder(prefix: "dosesum-merge") }

    func entry(_ index: Int, _ id: String, _ status: BatchSummaryEntry.Status) -> BatchSummaryEntry {
        BatchSummaryEntry(index: index, id: id, status: status, reportFolder: status == .error ? nil : id,
                          error: status == .error ? "boom" : nil, seconds: 1, requestFingerprint: "fnv1a64:0")
    }

    func shard(_ i: Int, of n: Int, _ entries: [BatchSummaryEntry], fingerprint: String = "fnv1a64:abc", total: Int = 4) -> BatchSummary {
        BatchSummary(manifest: "m.csv", manifestFingerprint: fingerprint, patientsInManifest: total,
                     shard: .init(index: i, count: n), interrupted: false, patients: entries)
    }

    /// Writes summaries into a fresh folder and returns their paths.
    func files(_ summaries: [BatchSummary]) throws -> [String] {
        let dir = tmp.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try summaries.enumerated().map { n, s in
            try s.write(folder: dir.path, stem: "s\(n)", overwrite: false)
            return dir.appendingPathComponent("s\(n).json").path
        }
    }

    @Test func exitStatusIsWorstOfErrorExceedsWithin() {
        func status(_ s: [BatchSummaryEntry.Status]) -> Int32 {
            BatchSummary(manifest: "m", manifestFingerprint: "f", patientsInManifest: s.count, shard: nil, interrupted: false,
                         patients: s.enumerated().map { entry($0, "p\($0)", $1) }).exitStatus
        }
        #expect(status([.within, .within]) == 0)
        #expect(status([.within, .exceeds]) == 1)
        #expect(status([.exceeds, .error, .within]) == 2)
        #expect(status([]) == 0)
    }

    @Test func mergeOrdersByManifestIndexAndRoundTrips() throws {
        let a = shard(1, of: 2, [entry(0, "a", .within), entry(2, "c", .exceeds)])
        let b = shard(2, of: 2, [entry(1, "b", .error), entry(3, "d", .within)])
        let merged = try BatchMerge.merge(try files([b, a]))
        #expect(merged.patients.map(\.id) == ["a", "b", "c", "d"])
        #expect(merged.counts == ["within": 2, "exceeds": 1, "incomplete": 0, "error": 1] && merged.shard == nil)
        // JSON written and read back is the same summary.
        let path = try files([merged])[0]
        #expect(try BatchSummary.read(path) == merged)
    }

    @Test func mergeRefusesOverlapsOtherManifestsAndMissingShards() throws {
        let a = shard(1, of: 2, [entry(0, "a", .within)])
        let overlapping = shard(2, of: 2, [entry(0, "a", .within), entry(1, "b", .within)])
        let e1 = #expect(throws: DoseSumError.self) { try BatchMerge.merge(try files([a, overlapping])) }
        #expect(e1?.message.contains("'a'") == true && e1?.message.contains("overlap") == true)

        let other = shard(2, of: 2, [entry(1, "b", .within)], fingerprint: "fnv1a64:def")
        let e2 = #expect(throws: DoseSumError.self) { try BatchMerge.merge(try files([a, other])) }
        #expect(e2?.message.contains("another manifest") == true)

        let e3 = #expect(throws: DoseSumError.self) { try BatchMerge.merge(try files([a])) }
        #expect(e3?.message.contains("2/2") == true)

        let three = shard(2, of: 3, [entry(1, "b", .within)])
        #expect(throws: DoseSumError.self) { try BatchMerge.merge(try files([a, three])) }

        let unsharded = BatchSummary(manifest: "m.csv", manifestFingerprint: "fnv1a64:abc", patientsInManifest: 4, shard: nil,
                                     interrupted: false, patients: [])
        #expect(throws: DoseSumError.self) { try BatchMerge.merge(try files([a, unsharded])) }
    }

    @Test func summaryRefusesAnotherSchema() throws {
        let dir = tmp.url.appendingPathComponent("not-a-summary.json")
        try Data(#"{"schema":"dosesum.check/2"}"#.utf8).write(to: dir)
        #expect(throws: DoseSumError.self) { try BatchSummary.read(dir.path) }
    }
}

import Foundation
import Testing
import DoseSumKit
import RTCore
import TestSupport

/// A real batch over the demo case (written by `DemoCase.write`): three patients, one of them bad.
///
/// Known answers: the demo brain stem's composite D0.03cc is about 54 Gy EQD2 (analytic phantom, see
/// CheckCommandTests), so a one-row protocol limiting it to 500 Gy is within and one limiting it to
/// 10 Gy is exceeded; a dose file that does not exist must give an error row naming it.
@Suite(.serialized) struct BatchRunTests {
    final class Folder {
        private let folder: TemporaryFolder
        var url: URL { folder.url }
        init() throws {
            folder = try TemporaryFolder(prefix: "dosesum-batch")
            try DemoCase.write(to: url.appendingPathComponent("case").path, overwrite: false)
            for (name, limit) in [("high.yaml", 500.0), ("low.yaml", 10.0)] {
                let yaml = """
                    id: test-\(name.prefix(3))
                    title: Test limits
                    citation: written by the test
                    constraints:
                      - {organ: BrainStem, metric: D0.03cc, level: desirable, comparator: "<=", limit_gy: \(limit), priority: 1}
                    """
                try yaml.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            // Relative paths: the manifest sits in `url`, the case in `url/case`.
            let csv = """
                id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures,protocol
                good-high,case/\(DemoCase.course1Dose),35,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures),high.yaml
                missing,case/no-such-dose.dcm,35,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures),high.yaml
                "low/limit",case/\(DemoCase.course1Dose),35,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures),low.yaml
                """
            try csv.write(to: url.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        }
        var manifest: String { url.appendingPathComponent("manifest.csv").path }
        func out(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    /// The status a check.json says, read independently of the batch code: exceeds iff a verdict
    /// exceeds, else incomplete iff a verdict is not evaluable or conditional or none is within.
    func statusInReport(_ path: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let statuses = try #require(root["verdicts"] as? [[String: Any]]).compactMap { $0["status"] as? String }
        if statuses.contains("exceeds") { return "exceeds" }
        if statuses.contains("not-evaluable") || statuses.contains("conditional") || !statuses.contains("within") { return "incomplete" }
        return "within"
    }

    func modified(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test func batchRerunForceShardAndMerge() throws {
        let f = try Folder()
        let manifest = try BatchManifest.load(f.manifest)
        let out = f.out("out")

        // 1. Full run: two results and one error row; exit status 2 because of the error row.
        let log = ProgressLog()
        let full = try BatchRunner.run(manifest, options: BatchOptions(outputFolder: out, jobs: 2)) { log.add($0) }
        #expect(full.patients.map(\.id) == ["good-high", "missing", "low/limit"])
        #expect(full.patients.map(\.status) == [.within, .error, .exceeds])
        #expect(full.exitStatus == 2 && !full.interrupted)
        #expect(log.finished.sorted() == [1, 2, 3] && log.totals == [3])
        let bad = full.patients[1]
        #expect(bad.error?.contains("no-such-dose.dcm") == true && bad.reportFolder == nil)
        let low = full.patients[2]
        #expect(low.reportFolder == "low_limit" && low.worstOrgan == "BrainStem" && low.worstMetric == "D0.03cc")
        #expect(low.worstLimitGy == 10)
        // Limit 10 Gy, D0.03cc about 54 Gy: margin = limit − value < 0, around −44 Gy.
        let lv = try #require(low.worstValueGy), lm = try #require(low.worstMarginGy)
        #expect(abs(lm - (10 - lv)) < 1e-9 && lv > 40 && lv < 70)
        #expect(full.patients[0].worstLimitGy == 500 && abs((full.patients[0].worstValueGy ?? 0) - lv) < 1e-9)
        for e in full.patients where e.status != .error {
            let json = out + "/" + e.reportFolder! + "/check.json"
            #expect(try statusInReport(json) == e.status.rawValue)
            for name in ["check.csv", "report.html"] { #expect(FileManager.default.fileExists(atPath: out + "/" + e.reportFolder! + "/" + name)) }
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/missing"))
        // The summary files on disk say the same as the returned summary.
        let onDisk = try BatchSummary.read(out + "/summary.json")
        #expect(onDisk.patients.map(\.id) == full.patients.map(\.id) && onDisk.counts == ["within": 1, "exceeds": 1, "incomplete": 0, "error": 1])
        let csvRows = try CSVTable.parse(String(contentsOfFile: out + "/summary.csv", encoding: .utf8), file: "summary.csv")
        #expect(csvRows.count == 4 && csvRows[3].fields[1] == "low/limit" && csvRows[3].fields[2] == "exceeds")
        #expect(csvRows[2].fields[10].contains("no-such-dose.dcm"))
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }.isEmpty)

        // 2. Re-run: the two finished patients are skipped with their status read back; the error re-runs.
        let jsonPath = out + "/good-high/check.json"
        let before = try modified(jsonPath)
        let again = try BatchRunner.run(manifest, options: BatchOptions(outputFolder: out, jobs: 2))
        #expect(again.patients.map(\.skipped) == [true, false, true])
        #expect(again.patients.map(\.status) == full.patients.map(\.status))
        #expect(again.patients[2].worstMarginGy == low.worstMarginGy)
        #expect(try modified(jsonPath) == before)

        // 3. --force with shards 1/2 and 2/2 into the same folder: everything re-runs, and the merged
        //    shard summaries give the unsharded summary's ids and statuses.
        Thread.sleep(forTimeInterval: 0.01)
        let s1 = try BatchRunner.run(manifest, options: BatchOptions(outputFolder: out, jobs: 2, force: true, shard: .init(index: 1, count: 2)))
        let s2 = try BatchRunner.run(manifest, options: BatchOptions(outputFolder: out, jobs: 1, force: true, shard: .init(index: 2, count: 2)))
        #expect(s1.patients.map(\.id) == ["good-high", "low/limit"] && s2.patients.map(\.id) == ["missing"])
        #expect(s1.patients.allSatisfy { !$0.skipped })
        #expect(try modified(jsonPath) > before)
        let merged = try BatchMerge.merge([out + "/summary.shard-2-of-2.json", out + "/summary.shard-1-of-2.json"])
        #expect(merged.patients.map(\.id) == full.patients.map(\.id))
        #expect(merged.patients.map(\.status) == full.patients.map(\.status))
        #expect(merged.patients.map(\.worstMarginGy) == full.patients.map(\.worstMarginGy))
        #expect(merged.shard == nil && merged.exitStatus == 2)
        try BatchMerge.write(merged, output: out + "/merged.json", overwrite: false)
        #expect(try BatchSummary.read(out + "/merged.json").patients.map(\.id) == full.patients.map(\.id))
        #expect(FileManager.default.fileExists(atPath: out + "/merged.csv"))
        #expect(throws: DoseSumError.self) { try BatchMerge.write(merged, output: out + "/merged.json", overwrite: false) }
        // Shards overlap when the same shard is given twice.
        #expect(throws: DoseSumError.self) { try BatchMerge.merge([out + "/summary.shard-1-of-2.json", out + "/summary.shard-1-of-2.json"]) }
    }

    @Test func cancelledBeforeStartWritesAnInterruptedSummary() throws {
        let f = try Folder()
        let manifest = try BatchManifest.load(f.manifest)
        let stop = BatchCancellation()
        stop.cancel()
        let s = try BatchRunner.run(manifest, options: BatchOptions(outputFolder: f.out("out"), jobs: 2), cancellation: stop)
        #expect(s.interrupted && s.patients.isEmpty)
        #expect(try BatchSummary.read(f.out("out") + "/summary.json").interrupted)
    }
}

/// Progress callbacks collected across worker threads.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BatchProgress] = []
    func add(_ p: BatchProgress) { lock.lock(); items.append(p); lock.unlock() }
    var finished: [Int] { lock.lock(); defer { lock.unlock() }; return items.map(\.finished) }
    var totals: Set<Int> { lock.lock(); defer { lock.unlock() }; return Set(items.map(\.total)) }
}

import Foundation
import Testing
import DoseSumKit

/// Issue 18 items 1 and 3: `--surface slab|smooth` in check, metrics and budget, reported in every
/// output; a bad value is a usage error naming the option, exit 2, nothing written.
struct SurfaceOptionTests {
    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    @Test func checkReportsTheSurfaceModelInTextAndJSON() throws {
        let f = try DemoFolder()
        for model in ["slab", "smooth"] {
            let out = f.out("check-\(model).json")
            let r = try CLI.run(f.checkArguments(extra: ["--surface", model, "--setup-uncertainty", "none", "--json", out]))
            #expect([0, 1, 3].contains(r.status), "\(r.stderr)")
            #expect(r.stdout.contains("surface \(model) ("), "text options line: \(r.stdout.prefix(600))")
            let options = try Self.json(out)["options"] as? [String: String] ?? [:]
            #expect(options["surface"]?.hasPrefix(model + " (") == true, "\(options)")
        }
    }

    @Test func metricsAndBudgetReportTheSurfaceModel() throws {
        let f = try DemoFolder()
        let m = try CLI.run(["metrics", "--dose", f.path(DemoCase.course2Dose), "--structures", f.path(DemoCase.structures),
                             "--surface", "smooth", "--json"])
        #expect(m.status == 0, "\(m.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(m.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((doc["structure_set"] as? [String: Any])?["surface"] as? String == "smooth")
        let out = f.out("budget.json")
        let b = try CLI.run(["budget", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-fractions", "35",
                             "--structures", f.path(DemoCase.structures), "--course2-fractions", "30", "--surface", "smooth",
                             "--setup-uncertainty", "none", "--json", out])
        #expect([0, 1].contains(b.status), "\(b.stderr)")
        #expect(b.stdout.contains("smooth surface model"))
        #expect(try Self.json(out)["surface"] as? String == "smooth")
    }

    @Test func aBadSurfaceIsAUsageErrorNamingTheOption() throws {
        let f = try DemoFolder()
        let out = f.out("never.json")
        let r = try CLI.run(f.checkArguments(extra: ["--surface", "round", "--json", out]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("--surface") && r.stderr.contains("round"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

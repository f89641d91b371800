import Foundation
import Testing
import DoseMetrics
import RTCore
@testable import Constraints

/// Strict user files: every mistake names the file, the row and the field.
@Suite struct DecoderTests {
    let header = "id: mine\ntitle: Mine\ncitation: Local protocol 2026\nconstraints:\n"

    func message(_ yaml: String, file: String = "mine.yaml") -> String? {
        do { _ = try ConstraintSetDecoder.decode(yaml, file: file); return nil } catch let e as DoseSumError {
            return e.description
        } catch { return "unexpected \(error)" }
    }

    @Test func validYAMLDecodes() throws {
        let set = try ConstraintSetDecoder.decode(header + """
          - organ: Brain Stem
            metric: D0.03cc
            level: desirable
            limit_gy: 70.2
            alpha_beta_gy: 2.5
            interval: ">= 2 y"
            priority: 1
          - {organ: OpticNrv_L, metric: dmax, scope: second-course-only, level: guidance, comparator: "<", limit_gy: 54}
          - {organ: Carotid, metric: D0.03cc, level: acceptable, informational: true}
        """, file: "mine.yaml")
        #expect(set.id == "mine" && set.constraints.count == 3)
        let a = set.constraints[0]
        #expect(a.organKind == .brainStem && a.side == nil && a.metric == .doseAtAbsoluteVolume(cc: 0.03))
        #expect(a.limit == 70.2 && a.alphaBeta == 2.5 && a.priority == 1 && a.comparator == .lessOrEqual)
        #expect(a.interval == IntervalCondition(.greaterOrEqual, months: 24))
        #expect(a.source == "Local protocol 2026")
        let b = set.constraints[1]
        #expect(b.organs == [Organ(.opticNerve, .left)!] && b.scope == .secondCourseOnly && b.comparator == .less)
        #expect(b.metric == .dmax)
        #expect(set.constraints[2].informational && set.constraints[2].limit == nil)
        #expect(set.constraints[2].organs.count == 2)
    }

    @Test func jsonDecodes() throws {
        let json = #"{"id": "j", "title": "J", "citation": "c", "constraints": [{"organ": "SpinalCord", "metric": "D0.03cc", "level": "protocol", "limit_gy": 50}]}"#
        let set = try ConstraintSetDecoder.decode(json, file: "j.json")
        #expect(set.constraints.first?.limit == 50)
        #expect(set.constraints.first?.organKind == .spinalCord)
    }

    /// A file of constraints is composed through `BoundedYAML` too: nesting that once overflowed the
    /// parser's recursion (fuzzing, manifest reader) is refused with the file and line named.
    @Test(arguments: [String(repeating: "[", count: 100_000), "note: [a#," + String(repeating: "[", count: 100_000),
                      String(repeating: "? ", count: 100_000) + "x"])
    func deepNestingIsRefused(_ text: String) throws {
        let m = try #require(message(text))
        #expect(m.contains("mine.yaml") && m.contains("line 1: YAML nested more than 32 levels deep"))
    }

    @Test func typoInKey() throws {
        let m = try #require(message(header + "  - {organ: BrainStem, metric: D0.03cc, level: desirable, limt_gy: 70}\n"))
        #expect(m.contains("mine.yaml") && m.contains("constraints[0]") && m.contains("BrainStem") && m.contains("limt_gy"))
    }

    @Test func unknownOrgan() throws {
        let m = try #require(message(header + "  - {organ: BrainStem, metric: D0.03cc, level: desirable, limit_gy: 70}\n"
                                     + "  - {organ: Gizzard, metric: Dmean, level: desirable, limit_gy: 30}\n"))
        #expect(m.contains("constraints[1]") && m.contains("'organ'") && m.contains("Gizzard"))
        // Helper-structure names are not organs either.
        #expect(message(header + "  - {organ: PRV_BrainStem, metric: D0.03cc, level: desirable, limit_gy: 70}\n") != nil)
    }

    @Test func badMetric() throws {
        let m = try #require(message(header + "  - {organ: Cord, metric: D0.03 cc3, level: desirable, limit_gy: 45}\n"))
        #expect(m.contains("constraints[0]") && m.contains("'metric'") && m.contains("D0.03 cc3"))
    }

    @Test func missingLimit() throws {
        let m = try #require(message(header + "  - {organ: Cord, metric: D0.03cc, level: desirable}\n"))
        #expect(m.contains("constraints[0]") && m.contains("limit_gy") && m.contains("missing"))
    }

    @Test func otherBadFields() {
        #expect(message(header + "  - {organ: Cord, metric: Dmax, level: best, limit_gy: 45}\n")?.contains("'level'") == true)
        #expect(message(header + "  - {organ: Cord, metric: Dmax, level: desirable, limit_gy: 4x5}\n")?.contains("'limit_gy'") == true)
        #expect(message(header + "  - {organ: Cord, metric: Dmax, level: desirable, limit_gy: 45, interval: soon}\n")?.contains("'interval'") == true)
        #expect(message(header + "  - {organ: Cord, metric: Dmax, level: desirable, limit_gy: 45, scope: both}\n")?.contains("'scope'") == true)
        #expect(message(header + "  - {organ: Cord, metric: Dmax, level: desirable, limit_gy: 45, comparator: \"=<\"}\n")?.contains("'comparator'") == true)
        #expect(message("id: x\nconstraints: []\ntitel: y\n")?.contains("titel") == true)
        #expect(message("constraints: []\n")?.contains("'id'") == true)
        #expect(message("[1, 2]")?.contains("mapping") == true)
    }

    @Test func loadFromFileAndLibraryPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("h4-user-\(UUID().uuidString).yaml")
        try (header + "  - {organ: Chiasm, metric: D0.03cc, level: protocol, limit_gy: 54}\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let set = try ConstraintLibrary.set(url.path)
        #expect(set.constraints.first?.organKind == .opticChiasm)
        do { _ = try ConstraintLibrary.set("/nonexistent/h4.yaml"); Issue.record("should throw") } catch let e as DoseSumError {
            #expect(e.kind == .io && e.description.contains("/nonexistent/h4.yaml"))
        }
    }

    @Test func intervalText() {
        #expect(IntervalCondition(text: "< 24 months") == IntervalCondition(.less, months: 24))
        #expect(IntervalCondition(text: "≥ 2 y") == IntervalCondition(.greaterOrEqual, months: 24))
        #expect(IntervalCondition(text: ">6 months") == IntervalCondition(.greater, months: 6))
        #expect(IntervalCondition(text: "24 months") == nil)
        #expect(IntervalCondition(text: "< 2 weeks") == nil)
    }
}

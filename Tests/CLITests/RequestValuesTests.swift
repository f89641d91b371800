import DoseSumKit
import Foundation
import RTCore
import Testing
import TestSupport

/// Issue 15: the values the command line and batch manifests share are parsed by one set of rules,
/// and their errors name the field, spelled as a flag by the CLI and as a column by a manifest.
@Suite struct RequestValuesTests {
    func field(_ body: () throws -> Void) -> RequestField? {
        do { try body(); return nil } catch let e as DoseSumError {
            #expect(e.kind == .usage && !e.message.contains("--"), "\(e.message)")
            return e.field
        } catch { Issue.record("\(error)"); return nil }
    }

    @Test func matrixSeparatorsAndLimits() throws {
        let identity = [1.0, 0, 0, 5, 0, 1, 0, -2, 0, 0, 1, 0.5, 0, 0, 0, 1]
        let texts = [identity.map { "\($0)" }.joined(separator: ","), identity.map { "\($0)" }.joined(separator: " "),
                     identity.map { "\($0)" }.joined(separator: "; ")]
        for t in texts { #expect(try RequestValues.matrix(t) == identity, "\(t)") }
        #expect(field { _ = try RequestValues.matrix("1,0,0,0") } == .matrix)
        #expect(field { _ = try RequestValues.matrix("1,0,0,1e6,0,1,0,0,0,0,1,0,0,0,0,1") } == .matrix)
        #expect(field { _ = try RequestValues.courseMapping(registration: "reg.dcm", matrix: texts[0]) } == .matrix)
        let m = try RequestValues.courseMapping(registration: nil, matrix: texts[1])
        #expect(m.registration == nil && m.matrix == identity)
    }

    @Test func assignmentsAndGrid() throws {
        #expect(try RequestValues.alphaBetas(["Brain Stem = 2", "PTV=10"]) == ["Brain Stem": 2, "PTV": 10])
        #expect(field { _ = try RequestValues.alphaBetas(["BrainStem=0"]) } == .alphaBeta)
        #expect(field { _ = try RequestValues.alphaBetas(["BrainStem=2", "BrainStem=3"]) } == .alphaBeta)
        #expect(field { _ = try RequestValues.recoveries(["Cord=1.5"], courses: 2) } == .recovery)
        #expect(field { _ = try RequestValues.recoveries(["Cord"], courses: 2) } == .recovery)
        #expect(try RequestValues.grid("union") == .union && RequestValues.grid("1.5") == .spacing(1.5))
        #expect(field { _ = try RequestValues.grid("-1") } == .grid)
        #expect(field { _ = try RequestValues.alphaBeta(0) } == .defaultAlphaBeta)
    }

    @Test(.enabled(if: CLI.executable != nil, "the dosesum executable was not built beside the tests"))
    func theCommandLineSpellsTheFieldAsItsFlag() throws {
        let r = try CLI.run(["check", "--course1-dose", "a.dcm", "--course1-fractions", "30", "--course2-dose", "b.dcm",
                             "--course2-fractions", "30", "--structures", "s.dcm", "--alpha-beta", "BrainStem"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("dosesum: error: --alpha-beta: expects ROI=NUMBER, got 'BrainStem'"), "\(r.stderr)")
    }
}

/// ROI→organ overrides are split once where they enter and checked against the files later.
@Suite struct ROIOverrideTests {
    @Test func overridesAreSplitAtTheLastEqualsSign() throws {
        #expect(try RequestValues.maps(["A=B=BrainStem", " Chiasm = none "]) == [ROIOverride(roiName: "A=B", organName: "BrainStem"),
                                                                               ROIOverride(roiName: "Chiasm", organName: nil)])
        for bad in [["Cord"], ["=SpinalCord"], ["Cord="], ["Cord=SpinalCord", "Cord=BrainStem"]] {
            do { _ = try RequestValues.maps(bad); Issue.record("\(bad) accepted") } catch let e as DoseSumError {
                #expect(e.field == .map && !e.message.contains("--"), "\(e.message)")
            }
        }
        // an override's text survives encoding (batch fingerprints stay what they were)
        let o = try ROIOverride.parse("Cord=SpinalCord")
        let data = try JSONEncoder().encode([o])
        #expect(String(decoding: data, as: UTF8.self) == "[\"Cord=SpinalCord\"]")
        #expect(try JSONDecoder().decode([ROIOverride].self, from: data) == [o])
    }
}

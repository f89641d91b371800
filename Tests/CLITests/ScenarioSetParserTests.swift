import DoseSumKit
import Foundation
import RTCore
import Testing
import TestSupport

@Suite struct ScenarioSetParserTests {
    static let available = CLI.executable != nil

    @Test func sizesNoneAndTheDefault() throws {
        #expect(try ScenarioSetParser.parse("2mm,1deg") == .default)
        #expect(try ScenarioSetParser.parse(" 1.5 mm , 0.5° ") == .setup(translationMM: 1.5, rotationDegrees: 0.5))
        #expect(try ScenarioSetParser.parse("3mm") == .setup(translationMM: 3, rotationDegrees: 0))
        #expect(try ScenarioSetParser.parse("none") == ScenarioSet.none)
        #expect(try ScenarioSetParser.parse("0mm,0deg") == ScenarioSet.none)
        #expect(ScenarioSet.setup(translationMM: 3, rotationDegrees: 0).scenarios(centre: .zero).count == 6)
    }

    @Test func badSizesNameTheOptionAndWhatIsWrong() {
        let cases = [("-2mm,1deg", "negative"), ("2cm,1deg", "unknown unit 'cm'"), ("twomm", "not a number"), ("2,1deg", "no unit"),
                     ("2mm,3mm", "two translation sizes"), ("", "empty"), ("2mm,,1deg", "empty size")]
        for (text, what) in cases {
            do {
                _ = try ScenarioSetParser.parse(text)
                Issue.record("'\(text)' was accepted")
            } catch let e as DoseSumError {
                #expect(e.kind == .usage && e.message.contains("--setup-uncertainty") && e.message.contains(what), "\(e.message)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func aScenarioFileListsShiftsRotationsAndMatrices() throws {
        let folder = try TemporaryFolder(prefix: "dosesum-scenarios")
        let file = folder.file("qa.txt")
        try """
            # clinic QA, 2024
            couch: shift 1 -0.5, 0.25
            rotate 0 0 1 shift 0 2 0
            flip-free matrix: matrix 1 0 0 3  0 1 0 0  0 0 1 0  0 0 0 1
            """.write(toFile: file, atomically: true, encoding: .utf8)
        guard case .listed(let source, let specs) = try ScenarioSetParser.parse(file) else { Issue.record("not a file set"); return }
        #expect(source == file && specs.map(\.name) == ["couch", "scenario 2", "flip-free matrix"])
        let scenarios = try ScenarioSetParser.parse(file).scenarios(centre: SIMD3(0, 0, 0))
        #expect(scenarios[0].doseMotion.translation == SIMD3(1, -0.5, 0.25))
        // rotate 1° about z through the centre, then shift 2 mm along y
        let p = scenarios[1].doseMotion.apply(SIMD3(10, 0, 0))
        #expect(abs(p.x - 10 * cos(Double.pi / 180)) < 1e-12 && abs(p.y - (10 * sin(Double.pi / 180) + 2)) < 1e-12)
        #expect(scenarios[2].doseMotion.apply(.zero) == SIMD3(3, 0, 0))
    }

    @Test func badScenarioFilesNameTheFileLineAndField() throws {
        let folder = try TemporaryFolder(prefix: "dosesum-scenarios")
        let cases = [("# only a comment\n\n", "no scenario", nil as Int?),
                     ("shift 1 2 3\nshift 1 x 3\n", "field 'shift': 'x' is not a number", 2),
                     ("matrix 2 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\n", "field 'matrix': not rigid", 1),
                     ("shift 1 2\n", "field 'shift': expected 3 numbers", 1),
                     ("spin 1 2 3\n", "field 'kind': unknown kind 'spin'", 1),
                     ("rotate 1 2 3 4\n", "field 'rotate'", 1)]
        for (n, (text, what, line)) in cases.enumerated() {
            let file = folder.file("bad\(n).txt")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioSetParser.parse(file)
                Issue.record("\(text) was accepted")
            } catch let e as DoseSumError {
                #expect(e.file == file && e.message.contains(what), "\(e.message)")
                if let line { #expect(e.message.contains("line \(line):"), "\(e.message)") }
            } catch { Issue.record("\(error)") }
        }
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func theCLIRefusesABadValueWithExit2AndWritesNothing() throws {
        let demo = try DemoFolder()
        let json = demo.out("r.json")
        let run = try CLI.run(demo.checkArguments(extra: ["--setup-uncertainty", "2cm,1deg", "--json", json]))
        #expect(run.status == 2 && run.stderr.contains("--setup-uncertainty") && run.stderr.contains("unknown unit 'cm'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: json))
    }
}

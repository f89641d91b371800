import CompositeDose
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
                #expect(e.kind == .usage && e.field == .setupUncertainty && e.message.contains(what), "\(e.message)")
                // the library names the field, never a flag; the command line spells it as one
                #expect(!e.message.contains("--") && e.description(spelling: { "--" + $0.key }).hasPrefix("--setup_uncertainty: "))
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

/// The batch field `setup_uncertainty`: sizes, none, or a scenario file beside the manifest.
@Suite struct BatchSetupUncertaintyTests {
    static let header = "id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures,setup_uncertainty"

    func load(_ cell: String, scenarioFile: String? = nil) throws -> Result<BatchManifest, DoseSumError> {
        let folder = try TemporaryFolder(prefix: "dosesum-batch-setup")
        defer { folder.remove() }
        if let scenarioFile { try scenarioFile.write(toFile: folder.file("qa.txt"), atomically: true, encoding: .utf8) }
        let path = folder.file("m.csv")
        try "\(Self.header)\nP1,d1.dcm,30,d2.dcm,30,s.dcm,\(cell)\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { return .success(try BatchManifest.load(path)) } catch let e as DoseSumError { return .failure(e) }
    }

    @Test func theFieldSetsTheScenariosOfEachPatient() throws {
        #expect(try load("none").get().patients[0].request.setupUncertainty == ScenarioSet.none)
        #expect(try load("3mm").get().patients[0].request.setupUncertainty == .setup(translationMM: 3, rotationDegrees: 0))
        #expect(try load("").get().patients[0].request.setupUncertainty == .default)
        let listed = try load("qa.txt", scenarioFile: "couch: shift 1 0 0\n").get().patients[0].request.setupUncertainty
        guard case .listed(_, let specs) = listed else { Issue.record("\(listed)"); return }
        #expect(specs.map(\.name) == ["couch"])
    }

    @Test func aBadValueNamesTheRowAndField() throws {
        guard case .failure(let e) = try load("2cm") else { Issue.record("accepted"); return }
        #expect(e.message.contains("line 2") && e.message.contains("field 'setup_uncertainty'") && e.message.contains("unknown unit 'cm'"), "\(e.message)")
        guard case .failure(let f) = try load("qa.txt", scenarioFile: "shift 1 x 0\n") else { Issue.record("accepted"); return }
        #expect(f.message.contains("field 'setup_uncertainty'") && f.message.contains("line 1: field 'shift'"), "\(f.message)")
    }
}

import DoseSumKit
import Foundation
import RTCore
import Testing

/// Issue 19: a manifest is checked for YAML nesting, id length and characters, and value limits
/// before anything runs; the error names the manifest, the row and the field.
struct BatchManifestLimitsTests {
    /// The error loading `text` as `name` gives (an issue when it loads).
    func error(_ text: String, name: String) throws -> DoseSumError {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-batch-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try BatchManifest.load(path) } catch let e as DoseSumError { return e }
        Issue.record("manifest was accepted:\n\(text)")
        return DoseSumError(.internalError, "")
    }

    static let header = "id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures"
    static let files = "a.dcm,35,b.dcm,30,s.dcm"

    @Test(arguments: [String(repeating: "[", count: 100_000), String(repeating: "{a: ", count: 40) + "1",
                      "- id: p\n" + (1...40).map { String(repeating: " ", count: $0 * 2) + "k\($0):" }.joined(separator: "\n"),
                      // Spellings that slipped past the first line check (fuzzing, manifest-yaml).
                      "[a#," + String(repeating: "[", count: 100_000), "[\"\\\"\"," + String(repeating: "[", count: 100_000),
                      "- " + String(repeating: "? ", count: 100_000) + "x"])
    func deepYAMLIsRefusedBeforeParsing(_ text: String) throws {
        let e = try error(text, name: "deep.yaml")
        #expect(e.description.hasPrefix(e.file ?? "-") && e.description.contains("deep.yaml") && e.description.contains("nested more than 32"))
    }

    /// 128 characters pass the id check (the row then fails on its missing files only when it runs);
    /// 129 do not, nor a tab or a blank id.
    @Test func idLengthAndCharacters() throws {
        let long = try error("\(Self.header)\n\(String(repeating: "é", count: 129)),\(Self.files)\n", name: "m.csv")
        #expect(long.description.contains("line 2: field 'id': 129 characters, expected at most 128"))
        let tab = try error("\(Self.header)\n\"a\tb\",\(Self.files)\n", name: "m.csv")
        #expect(tab.description.contains("field 'id'") && tab.description.contains("U+0009"))
        let blank = try error("\(Self.header)\n\"   \",\(Self.files)\n", name: "m.csv")
        #expect(blank.description.contains("field 'id'"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-batch-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ok = folder.appendingPathComponent("ok.csv").path
        try "\(Self.header)\n\(String(repeating: "x", count: 128)),\(Self.files)\n".write(toFile: ok, atomically: true, encoding: .utf8)
        #expect(try BatchManifest.load(ok).patients.first?.id.count == 128)
    }

    @Test func valueLimitsMatchTheCommandLine() throws {
        let h = Self.header + ",default_alpha_beta,matrix"
        let ab = try error("\(h)\np1,\(Self.files),1e-320,\n", name: "m.csv")
        #expect(ab.description.contains("default_alpha_beta") && ab.description.contains("0.01"))
        let far = try error("\(h)\np1,\(Self.files),,1 0 0 1e6 0 1 0 0 0 0 1 0 0 0 0 1\n", name: "m.csv")
        #expect(far.description.contains("'matrix'") || far.description.contains("matrix"))
        #expect(far.description.contains("1000000"))
    }

    @Test func aManifestThatIsAFolderOrDeviceIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-batch-limits-\(UUID().uuidString).csv")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DoseSumError.self) { _ = try BatchManifest.load(folder.path) }
        do { _ = try BatchManifest.load(folder.path) } catch let e as DoseSumError { #expect(e.message.contains("is a directory")) }
        do { _ = try BatchManifest.load("/dev/null") } catch let e as DoseSumError { #expect(e.message.contains("is a device")) }
    }
}

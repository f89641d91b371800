import Foundation
import DoseSumKit
import TestSupport

/// Runs the built `dosesum` executable (built by `swift test` beside the test bundle) and captures
/// its exit status, stdout and stderr.
enum CLI {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static let executable: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(bundleDir.appendingPathComponent("dosesum"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("dosesum"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("dosesum"))
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug/dosesum"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        guard let exe = executable else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "dosesum executable not found"]) }
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A fresh temporary folder holding the demo case (written by the project's own phantom writer),
/// removed with its `TemporaryFolder` when the test is done, pass or fail.
final class DemoFolder {
    private let folder: TemporaryFolder
    var url: URL { folder.url }
    init() throws {
        folder = try TemporaryFolder(prefix: "dosesum-cli")
        try DemoCase.write(to: folder.file("case"), overwrite: false)
    }
    func path(_ name: String) -> String { url.appendingPathComponent("case").appendingPathComponent(name).path }
    func out(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// `check` arguments for the demo case with explicit fractions.
    func checkArguments(extra: [String] = []) -> [String] {
        ["check", "--course1-dose", path(DemoCase.course1Dose), "--course1-fractions", "35",
         "--course2-dose", path(DemoCase.course2Dose), "--course2-fractions", "30",
         "--structures", path(DemoCase.structures)] + extra
    }
}

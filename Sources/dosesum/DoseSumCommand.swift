import ArgumentParser
import DICOMIO
import DoseSumKit
import Foundation
import OutputFiles
import RTCore

/// The `dosesum` executable: the only place that prints or exits.
///
/// Exit codes: 0 within; 1 some limit exceeded; 3 incomplete (a row not evaluable or conditional);
/// 2 bad input or usage.
@main
struct DoseSumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dosesum",
        abstract: "Cumulative EQD2 composite dose for re-irradiation, judged against consensus limits.",
        discussion: """
        Units: dose in Gy (EQD2 where stated), lengths in mm (DICOM LPS patient coordinates), volumes in cc.
        Exit codes: 0 within (every row judged within), 1 a limit exceeded, 3 incomplete (a row not evaluable, \
        or conditional on dose outside a grid), 2 bad input or usage.
        """,
        version: DoseSumVersion.string,
        subcommands: [
            DemoCommand.self, CheckCommand.self, MetricsCommand.self, ExportCommand.self, BudgetCommand.self,
            InspectCommand.self, ProtocolsCommand.self, BatchCommand.self, BatchMergeCommand.self,
            MakeDemoFixtureCommand.self, LoadOnlyCommand.self,
        ]
    )

    static func main() {
        // DCMTK's one-time set-up while the process has one thread (it may set an environment variable).
        DICOMReader.prepare()
        SignalCleanup.install()
        AtomicFileWriter.forceHint = "pass --force to overwrite it"
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DoseSumError {
            Terminal.error(error.description(spelling: \.flag))
            Foundation.exit(error.kind == .internalError ? 70 : 2)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help / --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// Writing to the terminal: results to stdout, diagnostics and errors to stderr.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("dosesum: error: " + message + "\n").utf8))
    }
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    static func diagnostics(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { note("dosesum: " + d.description) }
    }
}

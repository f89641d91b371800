import ArgumentParser
import DoseSumKit
import Foundation
import RTCore

/// `dosesum inspect`: what DoseSum reads from DICOM-RT files.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect",
        abstract: "Summarise RTDOSE, RTSTRUCT, RTPLAN and Spatial Registration files as DoseSum reads them.")

    @Argument(help: "DICOM files.") var files: [String]
    @Flag(help: "Print one dosesum.inspect/1 JSON document per file (a JSON array).") var json = false
    @OptionGroup var memory: MemoryOptions

    func run() throws {
        var inspections: [FileInspection] = []
        var failed = false
        let budget = try memory.budget
        for path in files {
            do {
                let i = try FileInspection(path: path, budget: budget)
                inspections.append(i)
                if !json { print(i.summary) }
                Terminal.diagnostics(i.diagnostics)
            } catch let e as DoseSumError {
                Terminal.error(e.description); failed = true
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(inspections), as: UTF8.self))
        }
        if failed { throw ExitCode(2) }
    }
}

import ArgumentParser
import Constraints
import Foundation

/// `dosesum protocols`: the shipped constraint sets, or the rows of one.
struct ProtocolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "protocols",
        abstract: "List the shipped constraint sets, or show the rows of one (by id or YAML/JSON file).")

    @Argument(help: "A set id or file to show row by row.") var set: String?

    func run() throws {
        if let set {
            let s = try ConstraintLibrary.set(set)
            print("\(s.id)\(s.version.isEmpty ? "" : " (version \(s.version))"): \(s.title)\n  \(s.citation)")
            if !s.note.isEmpty { print("  \(s.note)") }
            if s.levelsIncludeRecovery { print("  Its levels already assume partial recovery of the earlier course.") }
            for c in s.constraints {
                print("  - \(c.summary)")
                for (name, value) in c.fields where !value.isEmpty { print("      \(name): \(value)") }
            }
            return
        }
        for l in try ConstraintLibrary.listing() {
            print("\(l.id)\(l.isDefault ? " (default)" : ""): \(l.title) — \(l.rowCount) rows\n    \(l.citation)")
        }
    }
}

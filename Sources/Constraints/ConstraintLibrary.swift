import Foundation
import RTCore

/// The constraint sets shipped with DoseSum (`Protocols/*.yaml` in the module bundle) and user files.
public enum ConstraintLibrary {
    /// The set used when none is named.
    public static let defaultID = "npc-2021"

    /// One line of `dosesum protocols`.
    public struct Listing: Hashable, Sendable {
        public var id: String
        public var title: String
        public var citation: String
        public var rowCount: Int
        public var isDefault: Bool
    }

    /// Every shipped set, `npc-2021` first, then by id.
    public static func shipped() throws -> [ConstraintSet] {
        let sets = try shippedFiles().map { try ConstraintSetDecoder.load(contentsOf: $0) }
        return sets.sorted { ($0.id == defaultID ? 0 : 1, $0.id) < ($1.id == defaultID ? 0 : 1, $1.id) }
    }

    /// The shipped set files, `Protocols/<id>.yaml`.
    static func shippedFiles() throws -> [URL] {
        guard let dir = Bundle.module.url(forResource: "Protocols", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path),
              case let urls = names.filter({ $0.hasSuffix(".yaml") }).map({ dir.appendingPathComponent($0) }),
              !urls.isEmpty else {
            throw DoseSumError(.internalError, "no shipped constraint sets found in the Constraints bundle (Protocols/*.yaml)")
        }
        return urls
    }

    /// The listing of shipped sets, in `shipped()` order.
    public static func listing() throws -> [Listing] {
        try shipped().map {
            Listing(id: $0.id, title: $0.title, citation: $0.citation, rowCount: $0.constraints.count,
                    isDefault: $0.id == defaultID)
        }
    }

    /// The file `set(idOrPath)` reads: the user's file, or the shipped YAML in the module bundle.
    public static func file(_ idOrPath: String = defaultID) throws -> URL {
        let lower = idOrPath.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") { return URL(fileURLWithPath: idOrPath) }
        let files = try shippedFiles()
        if let named = files.first(where: { $0.deletingPathExtension().lastPathComponent == idOrPath }),
           (try? ConstraintSetDecoder.load(contentsOf: named))?.id == idOrPath { return named }
        if let found = files.first(where: { (try? ConstraintSetDecoder.load(contentsOf: $0))?.id == idOrPath }) { return found }
        _ = try set(idOrPath)  // throws the unknown-set error
        throw DoseSumError(.internalError, "constraint set '\(idOrPath)' has no shipped file")
    }

    /// A shipped set by id, or a user file when `idOrPath` ends in `.yaml`, `.yml` or `.json`.
    public static func set(_ idOrPath: String = defaultID) throws -> ConstraintSet {
        let lower = idOrPath.lowercased()
        // A path (an extension or a folder in it) is a file to read, whatever it turns out to be.
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") || idOrPath.contains("/") {
            return try ConstraintSetDecoder.load(contentsOf: URL(fileURLWithPath: idOrPath))
        }
        // Each shipped file is named by its set's id: decode only that one (every set is ~1 ms of YAML).
        if let file = try shippedFiles().first(where: { $0.deletingPathExtension().lastPathComponent == idOrPath }) {
            let set = try ConstraintSetDecoder.load(contentsOf: file)
            if set.id == idOrPath { return set }
        }
        let all = try shipped()
        guard let found = all.first(where: { $0.id == idOrPath }) else {
            throw DoseSumError(.usage, "unknown constraint set '\(idOrPath)'; shipped sets: \(all.map(\.id).joined(separator: ", ")) (or give a .yaml/.json file)")
        }
        return found
    }
}

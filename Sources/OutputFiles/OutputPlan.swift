#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RTCore

/// The files a run will write, checked before any work is done, so that a run that cannot write its
/// outputs fails at once (exit 2, nothing written) instead of after computing.
///
/// Refused: an empty path; a folder that does not exist (unless `createsFolders`, when its nearest
/// existing parent must be a writable folder) or is not writable; two outputs naming one file (after
/// resolving `..` and symbolic links); an output that is, or resolves to, an input file (with or
/// without `overwrite`); an existing output without `overwrite`; and, even with it, anything at the
/// path that is not a regular file or a symbolic link (a folder, FIFO, device or socket). Each message
/// names the output's label (the CLI passes its option name) and the path.
public struct OutputPlan: Sendable {
    public struct Output: Sendable, Hashable {
        /// Who asked for this file, as the user knows it (e.g. an option name).
        public var label: String
        public var path: String
        public init(label: String, path: String) { self.label = label; self.path = path }
    }

    public var outputs: [Output]
    /// Files the run reads; none may be written.
    public var inputs: [String]
    public var overwrite: Bool
    /// The run creates missing folders of its outputs itself.
    public var createsFolders: Bool

    public init(outputs: [Output], inputs: [String] = [], overwrite: Bool, createsFolders: Bool = false) {
        self.outputs = outputs; self.inputs = inputs; self.overwrite = overwrite; self.createsFolders = createsFolders
    }

    public func check() throws {
        let inputIDs = Dictionary(inputs.compactMap { p in OutputNode.identity(of: p).map { ($0, p) } },
                                  uniquingKeysWith: { a, _ in a })
        var seen: [String: Output] = [:]
        for output in outputs {
            let path = output.path
            guard !path.isEmpty else { throw DoseSumError(.usage, "\(output.label) names an empty output path") }
            let folder = Self.folder(of: path)
            try checkFolder(folder, of: output)
            if let id = OutputNode.identity(of: path), let input = inputIDs[id] {
                throw DoseSumError(.usage, "\(output.label) would overwrite the input file \(input); choose another output path",
                                   file: path)
            }
            if let refusal = OutputNode(at: path).refusal(overwrite: overwrite, forceHint: AtomicFileWriter.forceHint) {
                throw DoseSumError(.io, "\(output.label): \(refusal)", file: path)
            }
            let key = Self.resolvedKey(path)
            if let other = seen[key] {
                throw DoseSumError(.usage, "\(other.label) and \(output.label) name the same file; give each output its own path",
                                   file: path)
            }
            seen[key] = output
        }
    }

    private func checkFolder(_ folder: String, of output: Output) throws {
        var existing = folder
        var isDir: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isDir) {
            guard createsFolders else {
                throw DoseSumError(.io, "\(output.label): the folder \(folder) does not exist", file: output.path)
            }
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { existing = "."; break }
            existing = parent
        }
        guard FileManager.default.fileExists(atPath: existing, isDirectory: &isDir), isDir.boolValue else {
            throw DoseSumError(.io, "\(output.label): \(existing) is not a folder", file: output.path)
        }
        guard access(existing, W_OK | X_OK) == 0 else {
            throw DoseSumError(.io, "\(output.label): the folder \(existing) is not writable", file: output.path)
        }
    }

    /// The folder `path` is in (`.` for a bare name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// One key per file: the folder's real path (symbolic links and `..` resolved by the kernel) and the
    /// name, or the real path of the whole when the name is an existing link.
    static func resolvedKey(_ path: String) -> String {
        if let whole = realPath(path) { return whole }
        let name = (path as NSString).lastPathComponent
        let folder = realPath(folder(of: path)) ?? URL(fileURLWithPath: folder(of: path)).standardizedFileURL.path
        return (folder as NSString).appendingPathComponent(name)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

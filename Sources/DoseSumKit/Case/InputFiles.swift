import Foundation

/// The files a request reads, so an output plan can refuse to write over any of them.
extension CompositeRequest {
    public var inputFiles: [String] {
        courses.flatMap { [$0.dosePath] + ($0.planPath.map { [$0] } ?? []) }
            + [structuresPath].compactMap { $0 } + registrationPaths
    }
}

extension CheckRequest {
    /// The composite's files and the constraint file, when `protocolID` names one.
    public var inputFiles: [String] {
        composite.inputFiles + (FileManager.default.fileExists(atPath: protocolID) ? [protocolID] : [])
    }
}

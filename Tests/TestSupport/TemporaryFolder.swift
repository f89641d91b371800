import Foundation

/// A fresh folder under the system temporary folder, removed with everything in it when the value
/// goes away — also when the test that made it fails or throws. Keep it alive for the whole test:
/// `let tmp = try TemporaryFolder(); defer { tmp.remove() }` (or just hold it; `deinit` removes it).
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    /// - Parameter prefix: the start of the folder's name (`dosesum-…`), to tell the suites apart.
    public init(prefix: String = "dosesum-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }

    deinit { remove() }
}

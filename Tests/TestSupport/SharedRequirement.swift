import Foundation
import Testing

/// Tests that need something outside the package — `../shared/data/public`, `../shared/peers`,
/// `../shared/docs`, python3 with pydicom/scipy/jsonschema, or the built `dosesum` executable — use
/// `.requires(...)` instead of `.enabled(if:)`. Locally a missing requirement skips the test with
/// its reason; with `DOSESUM_REQUIRE_SHARED=1` (set by `.ci/run`) it fails the test instead, naming
/// what is missing, so a CI run cannot pass by skipping.
public enum SharedRequirement {
    /// True when `DOSESUM_REQUIRE_SHARED=1`.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["DOSESUM_REQUIRE_SHARED"] == "1" }

    /// The error that fails a test whose requirement is missing while `isRequired`.
    public struct Missing: Error, CustomStringConvertible {
        public var what: String
        public var description: String { "\(what) (DOSESUM_REQUIRE_SHARED=1: a missing requirement fails instead of skipping)" }
    }

    /// `<repo>/../shared`, beside the repository.
    public static let sharedRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether `../shared/<relative>` exists.
    public static func sharedExists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: sharedRoot.appendingPathComponent(relative).path)
    }

    /// Whether `python3 -c "import <modules>"` succeeds (e.g. "pydicom, numpy").
    public static func pythonHas(_ modules: String) -> Bool {
        (try? Subprocess.run(["python3", "-c", "import \(modules)"]))?.status == 0
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test (or suite) when `available` is true; otherwise skips it with `missing` as the
    /// reason, or, under `DOSESUM_REQUIRE_SHARED=1`, fails it with that reason.
    public static func requires(_ available: @autoclosure @escaping @Sendable () -> Bool, _ missing: String) -> Self {
        .enabled(Comment(rawValue: missing)) {
            if available() { return true }
            if SharedRequirement.isRequired { throw SharedRequirement.Missing(what: missing) }
            return false
        }
    }
}

import BoundedYAML
import Foundation
import RTCore
import Testing
import Yams

/// Fuzzing found YAML that nests deeper than the line check sees (a `#` inside a plain scalar, an
/// escaped quote, `? ? ?`, a tag holding `'`) and overflowed Yams's recursion. `BoundedYAML.read`
/// must refuse it with a message, or compose it on a stack that holds it: never crash.
struct BoundedYAMLTests {
    static let shape = "a test document"

    static func read(_ text: String, maximumDepth: Int = 32) throws -> Int {
        try BoundedYAML.read(text, file: "t.yaml", kind: .usage, maximumDepth: maximumDepth, shape: shape) {
            YAMLNestingBoundTests.depth($0)
        }
    }

    /// What once slipped past the line check, now caught by it with the line named.
    @Test(arguments: ["[a#," + String(repeating: "[", count: 100_000),
                      "[\"\\\"\"," + String(repeating: "[", count: 100_000),
                      "- " + String(repeating: "? ", count: 100_000) + "x",
                      "[!a'," + String(repeating: "[", count: 100_000)])
    func deepSpellingsAreRefusedWithTheLine(_ text: String) throws {
        let e = try #require(throws: DoseSumError.self) { try Self.read(text) }
        #expect(e.kind == .usage && e.file == "t.yaml")
        #expect(e.description.contains("line 1: YAML nested more than 32 levels deep; a test document"))
    }

    /// Quotes, comments and escapes that hold brackets are not counted as nesting.
    @Test func bracketsInQuotesAndCommentsAreNotNesting() throws {
        let many = String(repeating: "[", count: 40)
        let text = "- id: \"\(many)\\\"\(many)\"\n  note: '\(many)''\(many)'  # \(many)\n  other: x#y\n"
        #expect(try Self.read(text) == 3)
    }

    /// Nesting the line check is told not to look for (depth limit off) is composed on its own stack:
    /// 20,000 levels need far more than a test thread's stack in a debug build (about 2 KiB a level).
    @Test func deepTextWithinTheBoundIsComposedOnItsOwnStack() throws {
        let n = 20_000
        #expect(try Self.read(String(repeating: "[", count: n) + String(repeating: "]", count: n), maximumDepth: .max) == n)
        #expect(try Self.read(String(repeating: "{\"a\":", count: n) + "1" + String(repeating: "}", count: n), maximumDepth: .max) == n + 1)
    }

    /// Beyond what the reader's stack may hold, the text is refused before it is parsed.
    @Test func textBeyondTheBoundIsRefused() throws {
        let levels = (BoundedYAML.maximumStackBytes - BoundedYAML.baseStackBytes) / BoundedYAML.bytesPerLevel
        let e = try #require(throws: DoseSumError.self) { try Self.read(String(repeating: "[", count: levels + 1), maximumDepth: .max) }
        #expect(e.description.contains("more than this reader allows") && e.file == "t.yaml")
    }

    /// Parse errors keep the file and the kind they are given.
    @Test func invalidYAMLNamesTheFile() throws {
        let e = try #require(throws: DoseSumError.self) {
            try BoundedYAML.read("a: [", file: "c.yaml", kind: .invalidValue, maximumDepth: 32, shape: Self.shape) { _ in 0 }
        }
        #expect(e.kind == .invalidValue && e.file == "c.yaml" && e.description.contains("not valid YAML"))
    }
}

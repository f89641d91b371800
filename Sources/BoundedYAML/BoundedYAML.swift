import Foundation
import RTCore
import Yams

/// Composes YAML (or JSON) text with Yams without letting deep nesting overflow the stack.
///
/// Yams recurses once per nested collection; 100,000 nested `[` overflowed the 8 MiB main stack and
/// killed the process. Here the text is first checked for nesting a reader can be told about
/// (`YAMLIndentNesting`, a line and a level in the message), then composed on its own thread whose
/// stack holds `YAMLNestingBound.levels` levels at `bytesPerLevel`, a bound no spelling of the text
/// can exceed. Text whose bound needs more than `maximumStackBytes` is refused before parsing.
public enum BoundedYAML {
    /// Stack allowed per nesting level. Measured by composing N nested `[`, `{a: ` and `? ` on a 4 MiB
    /// thread and finding the largest N that completes: about 2.0 KiB a level in a debug build and
    /// 2.9 KiB with AddressSanitizer (mappings are the deepest); release frames are smaller. 8 KiB
    /// leaves a margin of 2.7 or more.
    public static let bytesPerLevel = 8 << 10
    /// Stack reserved whatever the text: the parser's own frames and a margin.
    public static let baseStackBytes = 4 << 20
    /// Largest stack a document may ask for (address space reserved, touched only as deep as it goes):
    /// 32,768 levels of bound, e.g. 30,000 `{`/`[` or a 16 KiB line with as many block indicators.
    public static let maximumStackBytes = baseStackBytes + (32 << 10) * bytesPerLevel

    /// `body`'s value for the composed document (nil when the text holds none). `body` runs on the
    /// composing thread, and the document is released there too: a deep tree is also freed by
    /// recursion.
    /// - Parameters:
    ///   - file: names the origin in error messages.
    ///   - kind: the error kind for refused text (`.usage` for a manifest, `.invalidValue` for a file
    ///     of constraints).
    ///   - maximumDepth: nesting refused with a line number before parsing.
    ///   - shape: what the document should look like, for the nesting message.
    ///   - body: reads the document; its errors are passed through unchanged.
    public static func read<T>(_ text: String, file: String, kind: DoseSumError.Kind, maximumDepth: Int, shape: String,
                               _ body: @escaping @Sendable (Node?) throws -> T) throws -> T {
        try YAMLIndentNesting.check(text, maximumDepth: maximumDepth) { line in
            DoseSumError(kind, "line \(line): YAML nested more than \(maximumDepth) levels deep; \(shape)", file: file)
        }
        let bound = YAMLNestingBound(text)
        let stack = baseStackBytes + bound.levels * bytesPerLevel
        guard stack <= maximumStackBytes else {
            throw DoseSumError(kind, "YAML with \(bound.flowOpeners) '[' or '{' and lines of up to \(bound.longestLine) bytes may nest \(bound.levels) levels deep, more than this reader allows (\((maximumStackBytes - baseStackBytes) / bytesPerLevel)); \(shape)", file: file)
        }
        let outcome = ReadOutcome<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = Result {
                let node: Node?
                do { node = try Yams.compose(yaml: text) } catch {
                    throw DoseSumError(kind, "not valid YAML or JSON: \(error)", file: file)
                }
                return try body(node)
            }
            done.signal()
        }
        thread.stackSize = stack
        thread.start()
        done.wait()
        return try outcome.result!.get()
    }
}

/// The reading thread's result, read after its semaphore is signalled.
private final class ReadOutcome<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

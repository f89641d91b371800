/// A proven upper bound on how deep YAML text can nest, from its bytes alone, with no parsing.
///
/// Yams composes a document by recursion, one call level per nested collection, so nesting must be
/// bounded before it is composed. This bound holds whatever the text means (quotes, comments, tags and
/// escapes cannot hide a level from it):
/// - a flow collection (`[`, `{`) is opened by one of its bytes, so flow nesting ≤ the number of
///   `[` and `{` bytes;
/// - block collections cannot sit inside flow ones, and a block collection nested in another starts
///   at a larger column, except one block sequence at the same column as its parent mapping's key
///   (`key:` / `- item`), so block nesting ≤ 2 × (the longest line in bytes + 1); a line is cut only
///   at `\n` here, which makes lines no shorter than the parser's (it also breaks at `\r`, U+0085,
///   U+2028, U+2029), and a column counts characters, never more than bytes;
/// - block nesting also ≤ the number of block indicators (`-`, `?`, `:` followed by a space, tab,
///   line break or the end): every open block collection was started by one of them;
/// - plus one for the document's root.
public struct YAMLNestingBound: Sendable, Equatable {
    /// `[` and `{` bytes in the text.
    public var flowOpeners: Int
    /// The longest line, in UTF-8 bytes, cutting only at `\n`.
    public var longestLine: Int
    /// `-`, `?` or `:` followed by a space, tab, line break or the end of the text.
    public var blockIndicators: Int

    /// Levels the composed document can have at most.
    public var levels: Int { flowOpeners + min(2 * (longestLine + 1), blockIndicators) + 1 }

    public init(_ text: String) {
        var openers = 0, longest = 0, line = 0, indicators = 0
        var previousIsIndicator = false
        for byte in text.utf8 {
            let isBreakOrBlank = byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09
            if previousIsIndicator && isBreakOrBlank { indicators += 1 }
            switch byte {
            case 0x5B, 0x7B: openers += 1
            default: break
            }
            if byte == 0x0A { longest = max(longest, line); line = 0 } else { line += 1 }
            previousIsIndicator = byte == 0x2D || byte == 0x3F || byte == 0x3A
        }
        if previousIsIndicator { indicators += 1 }
        flowOpeners = openers
        longestLine = max(longest, line)
        blockIndicators = indicators
    }
}

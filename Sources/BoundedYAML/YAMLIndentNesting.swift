/// Nesting as a reader sees it, line by line, so deep text is refused with the line where it goes too
/// deep before it is parsed.
///
/// Counted: flow brackets `[` `{` outside quoted scalars and comments, each block indentation level,
/// and the block indicators (`- `, `? `) that open a level at the start of a line. This follows YAML
/// closely (a quote opens a scalar only where a token can start, `#` starts a comment only at the
/// start of a line or after a blank, `\` escapes in double quotes) but it is a reader's count, not a
/// proof: `YAMLNestingBound` is what keeps the parser's stack safe.
enum YAMLIndentNesting {
    static func check(_ text: String, maximumDepth: Int, error: (Int) -> Error) throws {
        var line = 1
        var flow = 0
        var quote: Character?
        var escaped = false, closedSingle = false
        var comment = false, atLineStart = true
        var indentLevels: [Int] = [], lineIndent = 0, indicators = 0
        var previous: Character = "\n"
        for ch in text {
            defer { previous = ch }
            if ch == "\n" {
                line += 1; comment = false; atLineStart = true; lineIndent = 0; indicators = 0
                continue
            }
            if comment { continue }
            if let q = quote {
                if escaped { escaped = false } else if q == "\"" && ch == "\\" { escaped = true } else if ch == q { quote = nil; closedSingle = q == "'" }
                continue
            }
            if ch == "'" && closedSingle && previous == "'" { quote = "'"; closedSingle = false; continue }  // `''` inside '…'
            closedSingle = false
            if atLineStart {
                if ch == " " { lineIndent += 1; continue }
                if ch == "-" || ch == "?" { indicators += 1; continue }
                atLineStart = false
                while let last = indentLevels.last, last > lineIndent { indentLevels.removeLast() }
                if indentLevels.last != lineIndent { indentLevels.append(lineIndent) }
                if indentLevels.count + indicators + flow > maximumDepth { throw error(line) }
            }
            let tokenStart = previous == " " || previous == "\t" || previous == "\n" || "[{,:-?".contains(previous)
            switch ch {
            case "'" where tokenStart, "\"" where tokenStart: quote = ch
            case "#" where previous == " " || previous == "\t" || previous == "\n": comment = true
            case "[", "{":
                flow += 1
                if flow + indentLevels.count + indicators > maximumDepth { throw error(line) }
            case "]", "}": flow = max(0, flow - 1)
            default: break
            }
        }
    }
}

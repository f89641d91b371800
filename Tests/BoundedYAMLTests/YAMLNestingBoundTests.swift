import BoundedYAML
import Foundation
import TestSupport
import Testing
import Yams

/// `YAMLNestingBound` must never be below the depth Yams composes, however the text is spelled. The
/// depths here come from the composed documents (counted without recursion), not from the bound.
struct YAMLNestingBoundTests {
    /// Depth of a composed document: 1 for a scalar, 1 + the deepest child for a collection.
    static func depth(_ root: Node?) -> Int {
        guard let root else { return 0 }
        var deepest = 0
        var stack: [(Node, Int)] = [(root, 1)]
        while let (node, d) = stack.popLast() {
            deepest = max(deepest, d)
            if let s = node.sequence { stack += s.map { ($0, d + 1) } }
            if let m = node.mapping { for (k, v) in m { stack += [(k, d + 1), (v, d + 1)] } }
        }
        return deepest
    }

    /// A random nested value of at most `budget` nodes: sequences, mappings and scalars that hold the
    /// bound's own characters.
    static func value(depth: Int, budget: inout Int, _ rng: inout SplitMix) -> Any {
        let scalars = ["a", "[x]", "#not a comment", "it's", "a: b", "- c", "? d", "{e}", "\"q\"", "\\", "é€"]
        budget -= 1
        if depth == 0 || budget <= 0 || rng.next() % 5 == 0 { return scalars[Int(rng.next() % UInt64(scalars.count))] }
        let n = 1 + Int(rng.next() % 3)
        if rng.next() % 2 == 0 { return (0..<n).map { _ in value(depth: depth - 1, budget: &budget, &rng) } }
        var m: [String: Any] = [:]
        for i in 0..<n { m["k\(i)\(scalars[Int(rng.next() % UInt64(scalars.count))])"] = value(depth: depth - 1, budget: &budget, &rng) }
        return m
    }

    @Test func theBoundHoldsInBlockFlowAndJSONSpelling() throws {
        var rng = SplitMix(state: 20261206)
        var checked = 0
        for trial in 0..<300 {
            var budget = 80
            let object = Self.value(depth: 1 + trial % 24, budget: &budget, &rng)
            var texts = [try Yams.dump(object: object),
                         try Yams.dump(object: object, indent: 1, sequenceStyle: .flow, mappingStyle: .flow),
                         try Yams.dump(object: object, indent: 4, width: 20, sequenceStyle: .block, mappingStyle: .flow)]
            if JSONSerialization.isValidJSONObject(object) {
                texts.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            }
            for text in texts {
                let composed = Self.depth(try Yams.compose(yaml: text))
                let bound = YAMLNestingBound(text).levels
                #expect(bound >= composed, "bound \(bound) < depth \(composed) for:\n\(text)")
                checked += 1
            }
        }
        #expect(checked >= 900)
    }

    /// Compact block collections (`- - -`, `? ? ?`) nest one level per indicator on a single line: the
    /// bound follows them through the line length and the indicators.
    @Test func compactBlockNestingOnOneLine() throws {
        for text in ["- " + String(repeating: "- ", count: 200) + "x", String(repeating: "? ", count: 200) + "x",
                     String(repeating: "- ? ", count: 100) + "x"] {
            let composed = Self.depth(try Yams.compose(yaml: text))
            #expect(composed >= 200)
            #expect(YAMLNestingBound(text).levels >= composed)
        }
    }
}

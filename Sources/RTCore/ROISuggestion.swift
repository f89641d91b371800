/// An organ an unmatched ROI probably stands for, offered to the user and never applied: the ROI
/// stays unmatched until the user maps it (`ROI=ORGAN`, see `StructureMapping`).
public struct ROISuggestion: Hashable, Sendable, Codable {
    public var roiName: String
    public var organ: Organ
    public init(roiName: String, organ: Organ) { self.roiName = roiName; self.organ = organ }
    /// The `ROI=ORGAN` override that would apply the suggestion (the CLI layer adds its option name).
    public var override: String { "\(roiName)=\(organ.tg263Name)" }
}

/// Finds the organ an unmatched ROI name is likely to stand for.
///
/// The rule (never applied automatically; see `ROISuggestion`):
/// 1. Helper structures are never suggested: a name with a word `prv`, `ring`, `opt`, `z`, `zz`,
///    `help`, `helper`, `avoid`, `avd`, `dummy`, `ctrl`, `control`, `exp`, `expand`, `shell`, `wall`,
///    `minus`, `and`, `or`, `not`, `sub`, `union`, `ptv`, `gtv`, `ctv`, `itv`, `hot`, `cold`, `dose`,
///    `iso`, `isodose`, `external`, `body`, `couch`, `bolus`, `mm` or `cm`, or with `+`.
/// 2. The name's words (`OrganNameMatcher.words`) lose at most one side word at the start or end
///    and any trailing digits or copy words (`new`, `old`, `copy`, `orig`): `SPINAL CORD2` →
///    `spinal cord`.
/// 3. The rest is compared with every alias of each candidate organ (of its side; a paired organ needs
///    a side word, an unpaired one must have none), both as written and with its words sorted
///    (`Small Bowel` ~ `Bowel_Small`), by Levenshtein distance d over the longer length L. A candidate
///    qualifies when d = 0, or when the rest has at least 4 letters, d ≤ 2 and d/L ≤ 0.25.
/// 4. The closest candidate is suggested; a tie between two organs suggests nothing.
public enum ROINameSuggester {
    static let helperWords: Set<String> = [
        "prv", "ring", "opt", "z", "zz", "help", "helper", "avoid", "avd", "dummy", "ctrl", "control", "exp", "expand",
        "shell", "wall", "minus", "and", "or", "not", "sub", "union", "ptv", "gtv", "ctv", "itv", "hot", "cold", "dose",
        "iso", "isodose", "external", "body", "couch", "bolus", "mm", "cm",
    ]
    static let copyWords: Set<String> = ["new", "old", "copy", "orig"]

    /// True when the name is a helper structure under rule 1.
    public static func isHelper(_ name: String) -> Bool {
        name.contains("+") || OrganNameMatcher.words(name).contains { helperWords.contains($0) }
    }

    /// The suggestion for `roiName` among `candidates` (organs of `vocabulary`), or nil.
    public static func suggestion(for roiName: String, among candidates: [Organ], vocabulary: OrganVocabulary) -> ROISuggestion? {
        guard !isHelper(roiName) else { return nil }
        var (side, words) = OrganNameMatcher.splitSide(OrganNameMatcher.words(roiName))
        while let last = words.last, words.count > 1, last.allSatisfy(\.isNumber) || copyWords.contains(last) { words.removeLast() }
        if side == nil { (side, words) = OrganNameMatcher.splitSide(words) }
        let forms = Set([words.joined(), words.sorted().joined()])
        guard let core = forms.first, !core.isEmpty else { return nil }
        var best: (score: Double, organ: Organ)?
        var tied = false
        for organ in candidates where organ.side == side {
            guard let entry = vocabulary.entry(for: organ.kind) else { continue }
            let stemWords = OrganNameMatcher.words(organ.kind.tg263Stem)
            let names = entry.aliases.union([stemWords.sorted().joined()])
            var score = Double.infinity
            for form in forms {
                for name in names {
                    let d = levenshtein(form, name), l = max(form.count, name.count)
                    guard d == 0 || (form.count >= 4 && d <= 2 && Double(d) <= 0.25 * Double(l)) else { continue }
                    score = min(score, Double(d) / Double(l))
                }
            }
            guard score.isFinite else { continue }
            if let b = best, abs(b.score - score) < 1e-12, b.organ != organ { tied = true; continue }
            if best.map({ score < $0.score }) ?? true { best = (score, organ); tied = false }
        }
        guard let best, !tied else { return nil }
        return ROISuggestion(roiName: roiName, organ: best.organ)
    }

    /// Levenshtein distance between two strings (insertions, deletions, substitutions: 1 each).
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

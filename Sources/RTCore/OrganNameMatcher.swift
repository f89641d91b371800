/// Recognises ROI names as organs: TG-263 names and common clinical variants.
///
/// The rule, deliberately strict so helper structures never match silently:
/// 1. The name is split into words at separators (space, `_`, `-`, `.`, `/`, …) and at case and
///    letter/digit changes (`OpticNrv_L` → `optic nrv l`; `PTV70` → `ptv 70`), then lower-cased.
/// 2. At most one side word (`l`, `lt`, `left`, `r`, `rt`, `right`) is taken off the START or the END.
/// 3. The remaining words, joined without separators, must equal one alias of a kind EXACTLY
///    (aliases are listed in `aliases`). Nothing else may remain: `PRV_BrainStem`, `BrainStem_PRV`,
///    `BrainStem_3mm`, `z_opt_Cord`, `Ring_PTV` do not match and are reported as unmatched ROIs;
///    map them explicitly with a `ROI=ORGAN` override if that is really what is meant.
/// 4. A paired kind needs a side (`OpticNerve` alone does not match) and an unpaired kind must not
///    have one (`BrainStem_L` does not match).
/// Targets: `GTV`/`PTV`, optionally followed by `rP`/`P` and/or a dose-level number (`GTV-rP`, `PTV70`).
///
/// The static functions match the shipped sets' vocabulary (`OrganVocabulary.shipped`); a constraint
/// set that names other organs matches with its own `OrganVocabulary`, under the same rule.
public enum OrganNameMatcher {
    /// Normalised aliases of the shipped kinds: words joined without separators, lower case.
    public static let aliases: [OrganKind: Set<String>] = [
        .brainStem: ["brainstem"],
        .spinalCord: ["spinalcord", "cord", "spinecord"],
        .opticChiasm: ["opticchiasm", "chiasm", "chiasma"],
        .opticNerve: ["opticnerve", "opticnrv", "opticnerv", "nerveoptic", "nrvoptic"],
        .temporalLobe: ["temporallobe", "lobetemporal", "templobe"],
        .carotid: ["carotid", "acarotid", "carotidartery", "arterycarotid", "ica", "carotidint",
                   "acarotidint", "internalcarotid"],
        .brachialPlexus: ["brachialplexus", "brachialplex", "plexusbrachial"],
        .mandible: ["mandible", "bonemandible"],
        .cochlea: ["cochlea"],
    ]

    static let sideWords: [String: Laterality] = [
        "l": .left, "lt": .left, "left": .left, "r": .right, "rt": .right, "right": .right,
    ]

    /// The shipped-vocabulary organ an ROI name denotes under the rule above, or nil.
    public static func organ(forROIName name: String) -> Organ? {
        OrganVocabulary.shipped.organ(forROIName: name)
    }

    /// The shipped kind a side-less name denotes (`OpticNerve`, `Brain Stem`, `Lobe_Temporal`), or nil.
    public static func kind(forName name: String) -> OrganKind? {
        OrganVocabulary.shipped.kind(forName: name)
    }

    /// True for `l`, `lt`, `left`, `r`, `rt`, `right` (lower case).
    public static func isSideWord(_ word: String) -> Bool { sideWords[word] != nil }

    /// The side word of `words` (first or last, when more than one word) and the words without it.
    static func splitSide(_ words: [String]) -> (Laterality?, [String]) {
        if let last = words.last, let s = sideWords[last], words.count > 1 { return (s, Array(words.dropLast())) }
        if let first = words.first, let s = sideWords[first], words.count > 1 { return (s, Array(words.dropFirst())) }
        return (nil, words)
    }

    /// `gtv`, `ptv`, then optionally `rp` or `p`, then optionally digits, then optionally `gy`.
    static func targetKind(_ core: String) -> OrganKind? {
        let kind: OrganKind
        if core.hasPrefix("gtv") { kind = .gtv } else if core.hasPrefix("ptv") { kind = .ptv } else { return nil }
        var rest = Substring(core.dropFirst(3))
        if rest.hasPrefix("rp") { rest = rest.dropFirst(2) } else if rest.hasPrefix("p") { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        if !digits.isEmpty, rest == "gy" { rest = "" }
        return rest.isEmpty ? kind : nil
    }

    /// Lower-case words of a name, split at separators, lower→upper changes, the end of an upper-case
    /// run followed by a lower-case letter, and letter/digit changes.
    public static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current: [Character] = []
        func flush() { if !current.isEmpty { out.append(String(current).lowercased()); current = [] } }
        let chars = Array(name)
        for (i, c) in chars.enumerated() {
            guard c.isLetter || c.isNumber else { flush(); continue }
            if let p = current.last {
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                let lowerToUpper = p.isLowercase && c.isUppercase
                let runEnd = p.isUppercase && c.isUppercase && (next?.isLowercase ?? false)
                let digitChange = p.isNumber != c.isNumber
                if lowerToUpper || runEnd || digitChange { flush() }
            }
            current.append(c)
        }
        flush()
        return out
    }
}

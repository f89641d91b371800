import RTCore
import Yams

/// Reads a constraint file's `organs:` mapping: `NAME: {aliases: [..], alpha_beta_gy: GY, paired: BOOL}`.
///
/// Strict, every error naming the file, `organs.NAME` and the field:
/// - NAME a TG-263 or shipped organ kind (`Esophagus`, `Cord`) extends it (its aliases and α/β);
///   `paired` must then agree with it. NAME with a side (`Lung_L`) is refused: declare the kind.
/// - Any other NAME is a new organ kind named as written; it and its aliases must not start or end
///   with a side word (`L`, `Lt`, `Left`, `R`, `Rt`, `Right`), which matching would take off.
/// - An alias (compared normalised: words joined, lower case) that already stands for another organ —
///   of the TG-263 catalogue, the shipped sets, or an earlier declaration — is an error naming the
///   alias and both organs.
/// - `alpha_beta_gy` is a number of Gy > 0; it becomes the organ's default α/β (source
///   `constraint file`).
enum OrganDeclarationDecoder {
    static let keys = ["aliases", "alpha_beta_gy", "paired"]
    /// The α/β source reports show for a declared value.
    static let alphaBetaSource = AlphaBetaSource.constraintFile

    static func decode(_ node: Node?, file: String) throws -> [OrganVocabulary.Entry] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            throw DoseSumError(.invalidValue, "top level: 'organs' must be a mapping of organ names to {aliases, alpha_beta_gy, paired}", file: file)
        }
        var vocabulary = OrganVocabulary.catalogue
        var out: [OrganVocabulary.Entry] = []
        for (key, value) in mapping {
            guard let name = key.string?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw DoseSumError(.invalidValue, "organs: an organ name is empty or not text", file: file)
            }
            let context = "organs.\(name)"
            let f: Fields
            if value.mapping == nil, value.scalar?.string == "" || value.scalar?.string == "null" || value.scalar?.string == "~" {
                f = try Fields([:], allowed: keys, context: context, file: file)
            } else {
                guard let m = value.mapping else {
                    throw DoseSumError(.invalidValue, "\(context): expected a mapping with keys \(keys.joined(separator: ", "))", file: file)
                }
                f = try Fields(m, allowed: keys, context: context, file: file)
            }
            let entry = try declaration(name, f, known: vocabulary)
            do { try vocabulary.add(entry) } catch let clash as OrganVocabulary.AliasClash {
                let written = try aliases(f).first { OrganVocabulary.normalise($0) == clash.alias } ?? name
                throw DoseSumError(.invalidValue, "\(context): alias '\(written)' is used by two organs: \(clash.existing.tg263Stem) and \(clash.added.tg263Stem)", file: file)
            }
            out.append(entry)
        }
        return out
    }

    static func declaration(_ name: String, _ f: Fields, known: OrganVocabulary) throws -> OrganVocabulary.Entry {
        let paired = try f.bool("paired")
        var alphaBeta: Double?
        if let ab = try f.number("alpha_beta_gy") {
            guard ab > 0 else { throw f.error("alpha_beta_gy", "'\(ab)' must be a number of Gy > 0") }
            alphaBeta = ab
        }
        let kind: OrganKind
        if let sided = known.organ(forROIName: name), sided.side != nil {
            throw DoseSumError(.invalidValue, "\(f.context): '\(name)' is one side of \(sided.kind.tg263Stem); declare \(sided.kind.tg263Stem) itself (both sides)", file: f.file)
        } else if let existing = known.kind(forName: name) {
            if let paired, paired != existing.isPaired {
                throw f.error("paired", "is \(paired) but \(existing.tg263Stem) is \(existing.isPaired ? "paired (_L/_R)" : "unpaired")")
            }
            kind = existing
        } else {
            try requireNoSideWord(name, f, what: "the organ name")
            kind = OrganKind(tg263Stem: name, isPaired: paired ?? false)
        }
        let list = try aliases(f)
        for alias in list {
            guard !OrganVocabulary.normalise(alias).isEmpty else { throw f.error("aliases", "'\(alias)' has no letters or digits") }
            try requireNoSideWord(alias, f, what: "alias")
        }
        return OrganVocabulary.Entry(kind: kind, aliases: list, alphaBetaGy: alphaBeta,
                                     alphaBetaSource: alphaBeta == nil ? .other("") : alphaBetaSource)
    }

    /// `aliases` as a list of text, or one text.
    static func aliases(_ f: Fields) throws -> [String] {
        guard let node = f.node("aliases") else { return [] }
        if let one = node.scalar?.string { return [one] }
        guard let items = node.sequence else { throw f.error("aliases", "must be a list of names") }
        return try items.map { item in
            guard let s = item.scalar?.string else { throw f.error("aliases", "must be a list of names") }
            return s
        }
    }

    static func requireNoSideWord(_ text: String, _ f: Fields, what: String) throws {
        let words = OrganNameMatcher.words(text)
        guard words.count > 1, OrganNameMatcher.isSideWord(words.first!) || OrganNameMatcher.isSideWord(words.last!) else { return }
        let problem = "'\(text)' starts or ends with a side word, which matching takes off; name the organ without its side and set paired: true"
        if what == "alias" { throw f.error("aliases", problem) }
        throw DoseSumError(.invalidValue, "\(f.context): the organ name \(problem)", file: f.file)
    }
}

/// An organ at risk or target that constraint sets name, with its side for paired organs.
///
/// Identity is `kind` + `side`: `Organ(.opticNerve, .left)` is TG-263 `OpticNrv_L`. Unpaired organs
/// (brain stem, spinal cord, chiasm, mandible) and the target kinds have `side == nil`.
/// The canonical string (`tg263Name`) is used as the key in JSON, CSV and constraint files.
public struct Organ: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var kind: OrganKind
    public var side: Laterality?

    /// Builds an organ; a paired kind needs a side and an unpaired kind must not have one.
    public init?(_ kind: OrganKind, _ side: Laterality? = nil) {
        guard kind.isPaired == (side != nil) else { return nil }
        self.kind = kind; self.side = side
    }

    /// TG-263 name, e.g. `BrainStem`, `OpticNrv_L`, `Lobe_Temporal_R`, `A_Carotid_L` (for an organ a
    /// constraint file declares outside TG-263: its declared name, with `_L`/`_R` when paired).
    public var tg263Name: String { side.map { "\(kind.tg263Stem)_\($0.rawValue)" } ?? kind.tg263Stem }
    /// Human-readable name, e.g. `Optic nerve (left)`.
    public var displayName: String { side.map { "\(kind.displayName) (\($0.word))" } ?? kind.displayName }
    public var description: String { tg263Name }

    /// Every organ of the shipped sets' vocabulary: each unpaired kind once, each paired kind left then right.
    public static let all: [Organ] = OrganKind.shipped.flatMap { $0.organs }

    /// Parses a canonical TG-263 name or any accepted alias, of the shipped sets' organs or of the
    /// TG-263 catalogue (`OrganVocabulary.catalogue`); nil for any other name.
    public init?(identifier: String) {
        guard let o = OrganVocabulary.catalogue.organ(forROIName: identifier) else { return nil }
        self = o
    }

    public static func < (a: Organ, b: Organ) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        return (a.side?.sortKey ?? 0) < (b.side?.sortKey ?? 0)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let o = Organ(identifier: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown organ '\(text)'"))
        }
        self = o
    }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(tg263Name) }
}

/// Left or right, for paired organs (patient's left/right, as TG-263 `_L`/`_R`).
public enum Laterality: String, Hashable, Sendable, Codable, CaseIterable {
    case left = "L", right = "R"
    public var word: String { self == .left ? "left" : "right" }
    public var opposite: Laterality { self == .left ? .right : .left }
    var sortKey: Int { self == .left ? 1 : 2 }
}

extension Organ {
    /// The organs a user's name denotes: one organ (`BrainStem`, `OpticNrv_L`, any alias), or both
    /// sides of a paired kind named without a side (`OpticNrv` → left and right); nil when the name
    /// is in neither the shipped sets' vocabulary nor the TG-263 catalogue.
    public static func organs(named name: String) -> [Organ]? {
        OrganVocabulary.catalogue.organs(named: name)
    }
}

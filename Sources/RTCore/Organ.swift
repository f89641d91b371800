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

    /// TG-263 name, e.g. `BrainStem`, `OpticNrv_L`, `Lobe_Temporal_R`, `A_Carotid_L`.
    public var tg263Name: String { side.map { "\(kind.tg263Stem)_\($0.rawValue)" } ?? kind.tg263Stem }
    /// Human-readable name, e.g. `Optic nerve (left)`.
    public var displayName: String { side.map { "\(kind.displayName) (\($0.word))" } ?? kind.displayName }
    public var description: String { tg263Name }

    /// Every organ of the vocabulary: each unpaired kind once, each paired kind left then right.
    public static let all: [Organ] = OrganKind.allCases.flatMap { $0.organs }

    /// Parses a canonical TG-263 name or any accepted alias (see `OrganNameMatcher`).
    public init?(identifier: String) {
        guard let o = OrganNameMatcher.organ(forROIName: identifier) else { return nil }
        self = o
    }

    public static func < (a: Organ, b: Organ) -> Bool {
        let ka = OrganKind.allCases.firstIndex(of: a.kind)!, kb = OrganKind.allCases.firstIndex(of: b.kind)!
        if ka != kb { return ka < kb }
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

/// The organ kinds the shipped constraint sets name. Paired kinds expand to a left and a right organ.
public enum OrganKind: String, Hashable, Sendable, Codable, CaseIterable {
    case brainStem, spinalCord, opticChiasm, opticNerve, temporalLobe, carotid, brachialPlexus
    case mandible, cochlea
    /// Gross tumour volume (recurrent: GTV-rP) and planning target volume: targets, not organs at risk.
    case gtv, ptv

    public var isPaired: Bool {
        switch self {
        case .opticNerve, .temporalLobe, .carotid, .brachialPlexus, .cochlea: return true
        default: return false
        }
    }
    public var isTarget: Bool { self == .gtv || self == .ptv }

    /// TG-263 primary name without the side suffix.
    public var tg263Stem: String {
        switch self {
        case .brainStem: return "BrainStem"
        case .spinalCord: return "SpinalCord"
        case .opticChiasm: return "OpticChiasm"
        case .opticNerve: return "OpticNrv"
        case .temporalLobe: return "Lobe_Temporal"
        case .carotid: return "A_Carotid"
        case .brachialPlexus: return "BrachialPlex"
        case .mandible: return "Bone_Mandible"
        case .cochlea: return "Cochlea"
        case .gtv: return "GTV"
        case .ptv: return "PTV"
        }
    }

    public var displayName: String {
        switch self {
        case .brainStem: return "Brain stem"
        case .spinalCord: return "Spinal cord"
        case .opticChiasm: return "Optic chiasm"
        case .opticNerve: return "Optic nerve"
        case .temporalLobe: return "Temporal lobe"
        case .carotid: return "Carotid artery"
        case .brachialPlexus: return "Brachial plexus"
        case .mandible: return "Mandible"
        case .cochlea: return "Cochlea"
        case .gtv: return "GTV"
        case .ptv: return "PTV"
        }
    }

    /// The organs of this kind: `[left, right]` when paired, otherwise the single organ.
    public var organs: [Organ] {
        isPaired ? [Organ(self, .left)!, Organ(self, .right)!] : [Organ(self)!]
    }

    /// Parses a kind from its TG-263 stem or any alias without a side (`OpticNerve`, `Optic Nrv`, `Cord`).
    public init?(identifier: String) {
        guard let k = OrganNameMatcher.kind(forName: identifier) else { return nil }
        self = k
    }
}

extension Organ {
    /// The organs a user's name denotes: one organ (`BrainStem`, `OpticNrv_L`, any alias), or both
    /// sides of a paired kind named without a side (`OpticNrv` → left and right); nil when the name
    /// is not in the vocabulary.
    public static func organs(named name: String) -> [Organ]? {
        if let organ = Organ(identifier: name) { return [organ] }
        guard let kind = OrganNameMatcher.kind(forName: name) else { return nil }
        return kind.organs
    }
}

/// A kind of organ (or target): one name for both sides of a paired organ.
///
/// The vocabulary is open: the shipped sets' kinds are the static members below (`.brainStem` …),
/// the TG-263 organs at risk are in `TG263Catalog`, and a constraint file may declare any other kind
/// (`OrganVocabulary`). Identity is the canonical name `tg263Stem` alone.
public struct OrganKind: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// TG-263 primary name without the side suffix (`BrainStem`, `OpticNrv`, `Bowel_Small`), or the
    /// name a constraint file declares for an organ outside TG-263.
    public let tg263Stem: String
    /// True when the kind has a left and a right organ (`_L`/`_R`).
    public let isPaired: Bool
    /// Human-readable name, e.g. `Optic nerve`.
    public let displayName: String

    public init(tg263Stem: String, isPaired: Bool, displayName: String? = nil) {
        self.tg263Stem = tg263Stem; self.isPaired = isPaired; self.displayName = displayName ?? tg263Stem
    }

    public static func == (a: OrganKind, b: OrganKind) -> Bool { a.tg263Stem == b.tg263Stem }
    public func hash(into h: inout Hasher) { h.combine(tg263Stem) }
    public var description: String { tg263Stem }

    public static let brainStem = OrganKind(tg263Stem: "BrainStem", isPaired: false, displayName: "Brain stem")
    public static let spinalCord = OrganKind(tg263Stem: "SpinalCord", isPaired: false, displayName: "Spinal cord")
    public static let opticChiasm = OrganKind(tg263Stem: "OpticChiasm", isPaired: false, displayName: "Optic chiasm")
    public static let opticNerve = OrganKind(tg263Stem: "OpticNrv", isPaired: true, displayName: "Optic nerve")
    public static let temporalLobe = OrganKind(tg263Stem: "Lobe_Temporal", isPaired: true, displayName: "Temporal lobe")
    public static let carotid = OrganKind(tg263Stem: "A_Carotid", isPaired: true, displayName: "Carotid artery")
    public static let brachialPlexus = OrganKind(tg263Stem: "BrachialPlex", isPaired: true, displayName: "Brachial plexus")
    public static let mandible = OrganKind(tg263Stem: "Bone_Mandible", isPaired: false, displayName: "Mandible")
    public static let cochlea = OrganKind(tg263Stem: "Cochlea", isPaired: true, displayName: "Cochlea")
    /// Gross tumour volume (recurrent: GTV-rP): a target, not an organ at risk.
    public static let gtv = OrganKind(tg263Stem: "GTV", isPaired: false, displayName: "GTV")
    /// Planning target volume: a target, not an organ at risk.
    public static let ptv = OrganKind(tg263Stem: "PTV", isPaired: false, displayName: "PTV")

    /// The kinds the shipped constraint sets name, in report order.
    public static let shipped: [OrganKind] = [.brainStem, .spinalCord, .opticChiasm, .opticNerve, .temporalLobe, .carotid,
                                              .brachialPlexus, .mandible, .cochlea, .gtv, .ptv]

    public var isTarget: Bool { self == .gtv || self == .ptv }

    /// The organs of this kind: `[left, right]` when paired, otherwise the single organ.
    public var organs: [Organ] {
        isPaired ? [Organ(self, .left)!, Organ(self, .right)!] : [Organ(self)!]
    }

    /// Report order: the shipped kinds first (in `shipped` order), then the TG-263 catalogue's order,
    /// then declared kinds by name.
    public static func < (a: OrganKind, b: OrganKind) -> Bool {
        let ra = a.rank, rb = b.rank
        return ra != rb ? ra < rb : a.tg263Stem < b.tg263Stem
    }

    var rank: Int {
        if let n = Self.shipped.firstIndex(of: self) { return n }
        if let n = TG263Catalog.index[tg263Stem] { return 100 + n }
        return Int.max
    }

    /// Parses a kind from its TG-263 stem or any alias without a side (`OpticNerve`, `Optic Nrv`,
    /// `Cord`, `Esophagus`), in the shipped vocabulary or the TG-263 catalogue.
    public init?(identifier: String) {
        guard let k = OrganVocabulary.catalogue.kind(forName: identifier) else { return nil }
        self = k
    }
}

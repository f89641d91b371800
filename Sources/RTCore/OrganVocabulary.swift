/// The organ kinds ROI names are matched to, with their aliases and default α/β.
///
/// Three layers: `shipped` (the shipped sets' kinds and aliases, with the α/β conventions — what
/// every check matches whatever its set), `catalogue` (`shipped` plus the TG-263 organs of
/// `TG263Catalog`, used to read organ names typed in constraint files and on the command line), and a
/// constraint set's own vocabulary (`shipped` plus the kinds its rows name and the organs it declares).
/// An alias (normalised: words joined without separators, lower case) stands for one kind only;
/// adding a second kind with it throws `AliasClash`. Matching follows `OrganNameMatcher`'s strict rule.
public struct OrganVocabulary: Sendable, Hashable {
    /// One kind, its normalised aliases and the α/β an ROI of it takes when the command line gives none.
    public struct Entry: Sendable, Hashable {
        public var kind: OrganKind
        /// Normalised aliases; the normalised `tg263Stem` is always one of them.
        public var aliases: Set<String>
        /// Default α/β (Gy) of the organ, nil when it has none.
        public var alphaBetaGy: Double?
        /// Where `alphaBetaGy` comes from, for reports (`convention for brain stem`, `constraint file`).
        public var alphaBetaSource: AlphaBetaSource

        public init(kind: OrganKind, aliases: [String] = [], alphaBetaGy: Double? = nil, alphaBetaSource: AlphaBetaSource = .other("")) {
            self.kind = kind
            self.aliases = Set(aliases.map(OrganVocabulary.normalise) + [OrganVocabulary.normalise(kind.tg263Stem)]).subtracting([""])
            self.alphaBetaGy = alphaBetaGy; self.alphaBetaSource = alphaBetaSource
        }
    }

    /// An alias claimed by two different kinds.
    public struct AliasClash: Error, Sendable, Equatable {
        public var alias: String
        public var existing: OrganKind
        public var added: OrganKind
    }

    public private(set) var entries: [Entry] = []
    private var byAlias: [String: Int] = [:]

    public init() {}

    /// A vocabulary of `entries`, in order; an entry for a kind already present merges into it.
    public init(_ entries: [Entry]) throws {
        for e in entries { try add(e) }
    }

    /// Adds `entry`, or merges it into the entry of the same kind (aliases joined; its α/β, when
    /// given, replaces the existing one).
    /// - Throws: `AliasClash` when one of its aliases already stands for another kind.
    public mutating func add(_ entry: Entry) throws {
        for alias in entry.aliases.sorted() {
            if let n = byAlias[alias], entries[n].kind != entry.kind {
                throw AliasClash(alias: alias, existing: entries[n].kind, added: entry.kind)
            }
        }
        let n: Int
        if let existing = entries.firstIndex(where: { $0.kind == entry.kind }) {
            n = existing
            entries[n].aliases.formUnion(entry.aliases)
            if let ab = entry.alphaBetaGy { entries[n].alphaBetaGy = ab; entries[n].alphaBetaSource = entry.alphaBetaSource }
        } else {
            n = entries.count
            entries.append(entry)
        }
        for alias in entry.aliases { byAlias[alias] = n }
    }

    /// Sets the default α/β of a kind of the vocabulary (no effect for a kind outside it).
    public mutating func setAlphaBeta(_ gy: Double, source: AlphaBetaSource, for kind: OrganKind) {
        guard let n = entries.firstIndex(where: { $0.kind == kind }) else { return }
        entries[n].alphaBetaGy = gy; entries[n].alphaBetaSource = source
    }

    public var kinds: [OrganKind] { entries.map(\.kind) }
    /// Every organ of the vocabulary, each unpaired kind once, each paired kind left then right.
    public var organs: [Organ] { entries.flatMap(\.kind.organs) }
    public func entry(for kind: OrganKind) -> Entry? { entries.first { $0.kind == kind } }
    /// The kind's default α/β (Gy) and its source, nil when it has none.
    public func defaultAlphaBeta(for kind: OrganKind) -> (gy: Double, source: AlphaBetaSource)? {
        entry(for: kind).flatMap { e in e.alphaBetaGy.map { ($0, e.alphaBetaSource) } }
    }

    // MARK: matching (the rule of OrganNameMatcher)

    /// The organ an ROI name denotes under `OrganNameMatcher`'s strict rule, or nil.
    public func organ(forROIName name: String) -> Organ? {
        let (side, w) = OrganNameMatcher.splitSide(OrganNameMatcher.words(name))
        guard let kind = kind(forCore: w.joined()) else { return nil }
        return Organ(kind, side)
    }

    /// The kind a side-less name denotes (`OpticNerve`, `Brain Stem`, `Bowel_Small`), or nil.
    public func kind(forName name: String) -> OrganKind? { kind(forCore: Self.normalise(name)) }

    /// The organs a name denotes: one organ, or both sides of a paired kind named without a side.
    public func organs(named name: String) -> [Organ]? {
        if let organ = organ(forROIName: name) { return [organ] }
        return kind(forName: name)?.organs
    }

    func kind(forCore core: String) -> OrganKind? {
        guard !core.isEmpty else { return nil }
        if let n = byAlias[core] { return entries[n].kind }
        if let t = OrganNameMatcher.targetKind(core), byAlias[Self.normalise(t.tg263Stem)] != nil { return t }
        return nil
    }

    /// Words joined without separators, lower case (`Bowel_Small` → `bowelsmall`).
    public static func normalise(_ name: String) -> String { OrganNameMatcher.words(name).joined() }

    // MARK: the shipped layers

    /// The shipped sets' kinds, their aliases and the conventional α/β: 2 Gy for central nervous
    /// tissue (brain stem, spinal cord, optic chiasm and nerves, temporal lobes, brachial plexus),
    /// 3 Gy for other late-responding tissue (carotid, mandible, cochlea), 10 Gy for targets (GTV, PTV).
    public static let shipped: OrganVocabulary = {
        let conventions: [OrganKind: Double] = [
            .brainStem: 2, .spinalCord: 2, .opticChiasm: 2, .opticNerve: 2, .temporalLobe: 2, .brachialPlexus: 2,
            .carotid: 3, .mandible: 3, .cochlea: 3, .gtv: 10, .ptv: 10,
        ]
        var v = OrganVocabulary()
        for kind in OrganKind.shipped {
            // A clash here is a programming error in OrganNameMatcher.aliases (a test checks it).
            try! v.add(Entry(kind: kind, aliases: Array(OrganNameMatcher.aliases[kind] ?? []), alphaBetaGy: conventions[kind],
                             alphaBetaSource: .convention(kind.displayName.lowercased())))
        }
        return v
    }()

    /// `shipped` plus every organ of `TG263Catalog` (no α/β for the latter).
    public static let catalogue: OrganVocabulary = {
        var v = shipped
        for e in TG263Catalog.entries {
            // A clash here is a programming error in TG263Catalog (a test checks it).
            try! v.add(Entry(kind: OrganKind(tg263Stem: e.stem, isPaired: e.isPaired, displayName: e.displayName), aliases: e.aliases))
        }
        return v
    }()
}

/// Which ROI of a structure set stands for which organ.
///
/// Built from the ROI names by the strict rule of `OrganNameMatcher`, over a vocabulary (the shipped
/// sets' organs by default; a constraint set's own vocabulary adds the organs it names), then corrected by user
/// overrides of the form `ROI=ORGAN` (`Brainstem_new=BrainStem`, `PRV_Cord=SpinalCord`, or
/// `ROI=none` to drop an automatic match). An override wins over an automatic match of the same
/// organ. When several ROIs match one organ automatically, the first in structure-set order is its
/// primary ROI and the others are listed in `alsoMatching`: callers evaluate them all and judge the
/// worst (a diagnostic names them: a warning for organs at risk, info for GTV/PTV). An organ mapped by
/// override has only that ROI. An override that names an ROI not in the list, or an organ outside the
/// vocabulary, throws. An unmatched ROI whose name is close to an organ of
/// `expectedOrgans` that has no ROI gets a suggestion (`ROINameSuggester`), never a match.
public struct StructureMapping: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable { case alias, override }
    public struct Assignment: Sendable, Hashable {
        public var roiName: String
        public var organ: Organ
        public var source: Source
        public init(roiName: String, organ: Organ, source: Source) {
            self.roiName = roiName; self.organ = organ; self.source = source
        }
    }

    /// One assignment per organ, in structure-set ROI order.
    public private(set) var assignments: [Assignment]
    /// ROI names that stand for no organ (helper structures, organs outside the vocabulary).
    public private(set) var unmatchedROIs: [String]
    /// ROIs that also match an organ automatically after its primary ROI (e.g. `GTV_2`), by name.
    public private(set) var alsoMatching: [String: Organ] = [:]
    /// Organs of `expectedOrgans` with no ROI.
    public private(set) var organsWithoutROI: [Organ]
    public private(set) var diagnostics: [Diagnostic]
    /// Organs the unmatched ROIs probably stand for, in ROI order (offered, never applied).
    public private(set) var suggestions: [ROISuggestion] = []
    /// The vocabulary the ROI names were matched against.
    public let vocabulary: OrganVocabulary

    /// - Parameters:
    ///   - roiNames: ROI names in structure-set order.
    ///   - overrides: ROI→organ overrides (`ROIOverride`, parsed where they entered).
    ///   - vocabulary: the organs ROI names match automatically (default: the shipped sets' organs).
    ///   - expectedOrgans: organs whose absence is worth listing (default: every organ at risk of the vocabulary).
    public init(roiNames: [String], overrides: [ROIOverride], vocabulary: OrganVocabulary = .shipped,
                expectedOrgans: [Organ]? = nil) throws {
        self.vocabulary = vocabulary
        let expectedOrgans = expectedOrgans ?? vocabulary.organs.filter { !$0.kind.isTarget }
        var forced: [String: Organ?] = [:]
        for o in overrides {
            forced[o.roiName] = try Self.resolve(o, roiNames: roiNames, vocabulary: vocabulary)
        }
        var byOrgan: [Organ: Assignment] = [:]
        var diags: [Diagnostic] = []
        // Overrides first, so they win over automatic matches.
        for name in roiNames {
            guard let entry = forced[name], let organ = entry else { continue }
            if let prior = byOrgan[organ] {
                throw DoseSumError(.usage, "overrides map both '\(prior.roiName)' and '\(name)' to \(organ.tg263Name); map one ROI per organ")
            }
            byOrgan[organ] = Assignment(roiName: name, organ: organ, source: .override)
        }
        var unmatched: [String] = []
        for name in roiNames where forced[name] == nil {
            guard let organ = vocabulary.organ(forROIName: name) else { unmatched.append(name); continue }
            if let prior = byOrgan[organ], prior.source == .override {
                // The user chose the organ's ROI: other automatic matches are not judged.
                unmatched.append(name)
                diags.append(Diagnostic(.info, code: "mapping.overridden", "ROI '\(name)' also matches \(organ.tg263Name), which is mapped to '\(prior.roiName)' by override; not judged", subject: name))
                continue
            }
            if let prior = byOrgan[organ] {
                alsoMatching[name] = organ
                // Several GTVs/PTVs are common (GTV_1 … GTV_5); only organs at risk deserve a warning.
                diags.append(Diagnostic(organ.kind.isTarget ? .info : .warning, code: "mapping.duplicate-organ",
                    "ROI '\(name)' also matches \(organ.tg263Name), as '\(prior.roiName)' does: both are evaluated and the worse is judged (map one of them to none, e.g. '\(name)=none', to choose)",
                    subject: name))
                continue
            }
            byOrgan[organ] = Assignment(roiName: name, organ: organ, source: .alias)
        }
        for name in roiNames where forced[name] == .some(nil) { unmatched.append(name) }
        let order = Dictionary(roiNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        assignments = byOrgan.values.sorted { order[$0.roiName]! < order[$1.roiName]! }
        unmatchedROIs = roiNames.filter { unmatched.contains($0) }
        organsWithoutROI = expectedOrgans.filter { byOrgan[$0] == nil }
        diagnostics = diags
        let candidates = organsWithoutROI
        suggestions = unmatchedROIs.filter { forced[$0] == nil }.compactMap {
            ROINameSuggester.suggestion(for: $0, among: candidates, vocabulary: vocabulary)
        }
    }

    public func organ(forROI name: String) -> Organ? { assignments.first { $0.roiName == name }?.organ }
    /// The organ an ROI stands for, as its primary ROI or as one more ROI matching it.
    public func anyOrgan(forROI name: String) -> Organ? { organ(forROI: name) ?? alsoMatching[name] }
    public func roiName(for organ: Organ) -> String? { assignments.first { $0.organ == organ }?.roiName }

    /// The same with overrides as `ROI=ORGAN` texts (`ROIOverride.parse`), for callers that hold text.
    public init(roiNames: [String], overrides: [String] = [], vocabulary: OrganVocabulary = .shipped,
                expectedOrgans: [Organ]? = nil) throws {
        try self.init(roiNames: roiNames, overrides: try overrides.map(ROIOverride.parse), vocabulary: vocabulary,
                      expectedOrgans: expectedOrgans)
    }

    /// The organ an override names (nil for `none`), after checking its ROI is in the structure set.
    static func resolve(_ o: ROIOverride, roiNames: [String], vocabulary: OrganVocabulary) throws -> Organ? {
        guard roiNames.contains(o.roiName) else {
            throw DoseSumError(.usage, "'\(o)': no ROI named '\(o.roiName)' in the structure set (ROIs: \(roiNames.joined(separator: ", ")))",
                               field: .map)
        }
        guard let organText = o.organName else { return nil }
        guard let organ = vocabulary.organ(forROIName: organText) else {
            let known = vocabulary.organs.map(\.tg263Name).joined(separator: ", ")
            throw DoseSumError(.usage, "'\(o)': '\(organText)' is not an organ of the constraint set or the shipped vocabulary (expected one of \(known), or none)",
                               field: .map)
        }
        return organ
    }
}

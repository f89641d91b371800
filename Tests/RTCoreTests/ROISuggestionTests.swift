import Testing
@testable import RTCore

/// Suggestions for unmatched ROIs: offered when one organ is close, never applied, never for helpers.
@Suite struct ROISuggestionTests {
    @Test func spinalCord2GetsTheSpinalCordSuggestionButStaysUnmatched() throws {
        let m = try StructureMapping(roiNames: ["SPINAL CORD2", "BrainStem", "External"])
        #expect(m.suggestions == [ROISuggestion(roiName: "SPINAL CORD2", organ: Organ(.spinalCord)!)])
        #expect(m.suggestions.first?.override == "SPINAL CORD2=SpinalCord")
        #expect(m.organ(forROI: "SPINAL CORD2") == nil && m.unmatchedROIs == ["SPINAL CORD2", "External"])
        #expect(m.organsWithoutROI.contains(Organ(.spinalCord)!))
    }

    @Test func helperStructuresAreNeverSuggestedNorMatched() throws {
        let helpers = ["SpinalCord_PRV", "PRV_SpinalCord", "PRV5 Cord", "Ring_SpinalCord", "z_SpinalCord", "zOptCord", "SpinalCord+3mm",
                       "SpinalCord_3mm", "Cord_avoid", "Cord_exp", "PTV_Cord", "opt Spinal Cord"]
        let m = try StructureMapping(roiNames: helpers)
        #expect(m.suggestions.isEmpty, "\(m.suggestions)")
        #expect(m.assignments.isEmpty && m.unmatchedROIs == helpers)
        for name in helpers { #expect(ROINameSuggester.isHelper(name), "\(name)") }
    }

    @Test func closeNamesSidesAndWordOrder() throws {
        let v = try OrganVocabulary([OrganVocabulary.Entry(kind: .spinalCord)] + ["Esophagus", "Parotid", "Bowel_Small", "Lung"].map {
            OrganVocabulary.catalogue.entry(for: OrganVocabulary.catalogue.kind(forName: $0)!)!
        })
        func suggested(_ name: String) -> String? {
            ROINameSuggester.suggestion(for: name, among: v.organs, vocabulary: v)?.organ.tg263Name
        }
        #expect(suggested("Esophgus") == "Esophagus")        // one letter missing: d = 1, L = 9
        #expect(suggested("Oesophagus_new") == "Esophagus")  // alias, copy word dropped
        #expect(suggested("Parotid Lt 2") == "Parotid_L")    // side word behind a trailing number
        #expect(suggested("R Parotid") == "Parotid_R")
        #expect(suggested("Parotid") == nil)                 // a paired organ needs its side
        #expect(suggested("SmallBowel") == "Bowel_Small" && suggested("Bowel Smal") == "Bowel_Small")
        #expect(suggested("Lung_L2") == "Lung_L")
        #expect(suggested("Bone") == nil && suggested("Liver") == nil && suggested("Heart") == nil)
        // Only the organs offered as candidates (those without an ROI) are suggested.
        #expect(ROINameSuggester.suggestion(for: "Esophgus", among: [Organ(.spinalCord)!], vocabulary: v) == nil)
    }

    @Test func aTieBetweenTwoOrgansSuggestsNothing() throws {
        let a = OrganKind(tg263Stem: "Abcdefgh", isPaired: false), b = OrganKind(tg263Stem: "Abcdefgk", isPaired: false)
        let v = try OrganVocabulary([.init(kind: a), .init(kind: b)])
        #expect(ROINameSuggester.suggestion(for: "Abcdefgx", among: v.organs, vocabulary: v) == nil)
        #expect(ROINameSuggester.suggestion(for: "Abcdefg", among: v.organs, vocabulary: v) == nil)
        #expect(ROINameSuggester.suggestion(for: "Abcdefghh", among: v.organs, vocabulary: v)?.organ.kind == a)
    }

    @Test func levenshteinKnownValues() {
        #expect(ROINameSuggester.levenshtein("kitten", "sitting") == 3)
        #expect(ROINameSuggester.levenshtein("", "abc") == 3 && ROINameSuggester.levenshtein("abc", "abc") == 0)
        #expect(ROINameSuggester.levenshtein("flaw", "lawn") == 2)
    }
}

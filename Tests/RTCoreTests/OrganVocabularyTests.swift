import Testing
@testable import RTCore

/// The open vocabulary: the shipped organs unchanged, the TG-263 catalogue readable by name, and the
/// strict rule applied to every layer.
@Suite struct OrganVocabularyTests {
    /// The organs issue 17 asks for, as TG-263 names (Mayo et al. 2018), with their side.
    static let required: [(String, String, Laterality?)] = [
        ("Esophagus", "Esophagus", nil), ("Heart", "Heart", nil), ("Lungs", "Lungs", nil), ("Lung_L", "Lung", .left),
        ("Lung_R", "Lung", .right), ("Trachea", "Trachea", nil), ("Bronchus", "Bronchus", nil),
        ("BrachialPlex_L", "BrachialPlex", .left), ("BrachialPlex_R", "BrachialPlex", .right), ("A_Aorta", "A_Aorta", nil),
        ("Aorta", "A_Aorta", nil), ("GreatVes", "GreatVes", nil), ("Stomach", "Stomach", nil), ("Bowel_Small", "Bowel_Small", nil),
        ("Bowel_Large", "Bowel_Large", nil), ("Duodenum", "Duodenum", nil), ("Rectum", "Rectum", nil), ("Bladder", "Bladder", nil),
        ("Kidney_L", "Kidney", .left), ("Kidney_R", "Kidney", .right), ("Liver", "Liver", nil), ("CaudaEquina", "CaudaEquina", nil),
        ("SacralPlex", "SacralPlex", nil), ("SpinalCord", "SpinalCord", nil), ("Cochlea_L", "Cochlea", .left),
        ("Cochlea_R", "Cochlea", .right), ("Lens_L", "Lens", .left), ("Lens_R", "Lens", .right), ("Eye_L", "Eye", .left),
        ("Eye_R", "Eye", .right), ("Hippocampus_L", "Hippocampus", .left), ("Hippocampus_R", "Hippocampus", .right),
        ("Brain", "Brain", nil), ("Pituitary", "Pituitary", nil), ("Parotid_L", "Parotid", .left), ("Parotid_R", "Parotid", .right),
        ("Larynx", "Larynx", nil), ("Mandible", "Bone_Mandible", nil), ("Skin", "Skin", nil),
        ("Femur_Head_L", "Femur_Head", .left), ("Femur_Head_R", "Femur_Head", .right),
        // spellings besides the TG-263 name
        ("ESOPHAGUS", "Esophagus", nil), ("HEART", "Heart", nil), ("Small Bowel", "Bowel_Small", nil), ("Lt Lung", "Lung", .left),
    ]

    @Test(arguments: required.indices)
    func catalogueNamesResolve(_ i: Int) throws {
        let (name, stem, side) = Self.required[i]
        let organ = try #require(Organ(identifier: name), "\(name)")
        #expect(organ.kind.tg263Stem == stem && organ.side == side, "\(name) → \(organ)")
        #expect(Organ(identifier: organ.tg263Name) == organ, "\(organ.tg263Name) round-trips")
    }

    @Test func everyCatalogueEntryRoundTripsAndNoAliasIsShared() throws {
        // Building the catalogue would trap on a shared alias; every organ must read back from its name.
        for organ in OrganVocabulary.catalogue.organs {
            #expect(OrganVocabulary.catalogue.organ(forROIName: organ.tg263Name) == organ, "\(organ.tg263Name)")
        }
        #expect(OrganVocabulary.catalogue.kinds.count == OrganKind.shipped.count + TG263Catalog.entries.count)
        // a paired organ without its side, and an unpaired one with a side, are not organs
        #expect(Organ(identifier: "Lung") == nil && Organ(identifier: "Heart_L") == nil)
        #expect(Organ.organs(named: "Kidney")?.map(\.tg263Name) == ["Kidney_L", "Kidney_R"])
    }

    @Test func theShippedVocabularyIsUnchanged() {
        // The shipped sets' matching does not see the catalogue: results for them cannot change.
        #expect(OrganVocabulary.shipped.kinds == OrganKind.shipped)
        for name in ["Esophagus", "Heart", "Lens_L", "Parotid_R", "Lt Lung"] {
            #expect(OrganNameMatcher.organ(forROIName: name) == nil, "\(name)")
        }
        #expect(AlphaBetaPolicyConventions.expected.allSatisfy { OrganVocabulary.shipped.defaultAlphaBeta(for: $0.0)?.gy == $0.1 })
        #expect(OrganVocabulary.shipped.defaultAlphaBeta(for: .opticNerve)?.source == .convention("optic nerve"))
    }

    @Test func helperStructuresNeverMatchInAnyLayer() {
        for name in ["PRV_Esophagus", "Esophagus_PRV", "Heart_3mm", "Ring_Heart", "z_Heart", "zOptEsophagus", "Heart+5mm", "Lung_L_PRV"] {
            #expect(OrganVocabulary.catalogue.organ(forROIName: name) == nil, "\(name)")
        }
    }

    @Test func aKindOfAnotherVocabularyClashingOnAnAliasIsRefused() throws {
        var v = OrganVocabulary.shipped
        try v.add(.init(kind: OrganKind(tg263Stem: "Gullet", isPaired: false), aliases: ["Oeso", "Gullet tube"], alphaBetaGy: 3, alphaBetaSource: .other("x")))
        #expect(v.organ(forROIName: "OESO")?.kind.tg263Stem == "Gullet" && v.organ(forROIName: "gullet_tube") != nil)
        #expect(v.defaultAlphaBeta(for: OrganKind(tg263Stem: "Gullet", isPaired: false))?.gy == 3)
        #expect(throws: OrganVocabulary.AliasClash(alias: "cord", existing: .spinalCord, added: OrganKind(tg263Stem: "Myelon", isPaired: false))) {
            try v.add(.init(kind: OrganKind(tg263Stem: "Myelon", isPaired: false), aliases: ["Cord"]))
        }
    }
}

/// The shipped conventions (README "α/β is chosen in this order"), stated independently of the code.
enum AlphaBetaPolicyConventions {
    static let expected: [(OrganKind, Double)] = [
        (.brainStem, 2), (.spinalCord, 2), (.opticChiasm, 2), (.opticNerve, 2), (.temporalLobe, 2), (.brachialPlexus, 2),
        (.carotid, 3), (.mandible, 3), (.cochlea, 3), (.gtv, 10), (.ptv, 10),
    ]
}

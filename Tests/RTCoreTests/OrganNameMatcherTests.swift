import Testing
@testable import RTCore

/// Alias matching: the names a physicist types must match; helper structures must not.
@Suite struct OrganNameMatcherTests {
    static let positives: [(String, OrganKind, Laterality?)] = [
        ("BrainStem", .brainStem, nil), ("Brainstem", .brainStem, nil), ("BRAIN STEM", .brainStem, nil),
        ("Brain_Stem", .brainStem, nil), ("brain-stem", .brainStem, nil),
        ("SpinalCord", .spinalCord, nil), ("Cord", .spinalCord, nil), ("Spinal Cord", .spinalCord, nil),
        ("SPINAL_CORD", .spinalCord, nil),
        ("OpticChiasm", .opticChiasm, nil), ("Optic Chiasm", .opticChiasm, nil), ("Chiasm", .opticChiasm, nil),
        ("OpticNrv_L", .opticNerve, .left), ("L Optic Nerve", .opticNerve, .left),
        ("Optic_Nerve_L", .opticNerve, .left), ("OpticNerve_L", .opticNerve, .left),
        ("OpticNrv_R", .opticNerve, .right), ("Rt Optic Nerve", .opticNerve, .right),
        ("TemporalLobe_R", .temporalLobe, .right), ("Temporal Lobe R", .temporalLobe, .right),
        ("Lt Temporal Lobe", .temporalLobe, .left), ("Lobe_Temporal_L", .temporalLobe, .left),
        ("Carotid_L", .carotid, .left), ("A_Carotid_L", .carotid, .left), ("Right Carotid", .carotid, .right),
        ("BrachialPlex_R", .brachialPlexus, .right), ("Brachial Plexus Left", .brachialPlexus, .left),
        ("Mandible", .mandible, nil), ("Bone_Mandible", .mandible, nil),
        ("Cochlea_L", .cochlea, .left), ("Cochlea R", .cochlea, .right),
        ("GTV", .gtv, nil), ("GTV-rP", .gtv, nil), ("GTVrP", .gtv, nil), ("PTV", .ptv, nil),
        ("PTV70", .ptv, nil), ("PTV_66Gy", .ptv, nil),
        // ROI names of the public sets, read with pydicom (StructureSetROISequence[*].ROIName):
        // srs-brain-2018-multi-tps/RS_ARIA_optic.dcm and RS_RayStation.dcm.
        ("BRAIN STEM", .brainStem, nil), ("Left Optic Nerve", .opticNerve, .left),
        ("Right Optic Nerv", .opticNerve, .right), ("Optic Chiasm", .opticChiasm, nil),
        ("GTV_1", .gtv, nil), ("PTV_3", .ptv, nil), ("ptv4", .ptv, nil),
    ]

    @Test(arguments: positives.indices)
    func matches(_ i: Int) throws {
        let (name, kind, side) = Self.positives[i]
        let organ = try #require(OrganNameMatcher.organ(forROIName: name), "\(name) should match")
        #expect(organ.kind == kind, "\(name)")
        #expect(organ.side == side, "\(name)")
    }

    static let negatives = [
        "PRV_BrainStem", "BrainStem_PRV", "BrainStem_PRV3", "BrainStem_3mm", "z_opt", "z_opt_Cord",
        "zOptCord", "Ring_PTV", "PTV_BrainStem", "PTV-Cord", "OpticNerve", "Optic Nerves", "BrainStem_L",
        "Chiasm_R", "Cochlea", "Lens_L", "Parotid_R", "External", "BODY", "L", "", "Cord_Avoid",
        "SpinalCord+5mm", "Mandible_minus_PTV", "L_Cochlea_R",
        // From the same public structure sets: helper and non-vocabulary ROIs.
        "OPTIC STRUCTURES", "BRAIN - PTV", "BRAIN - GTV", "GTV_ALL", "PTV_ALL", "PTV1_WALL", "ptv 4 AND 5",
        "ISOCENTER PTV 3", "Low Dose Region", "Left Eye", "Left Lens", "Whole Brain", "PAROTID_LT", "Lt Lung",
    ]

    @Test(arguments: negatives)
    func doesNotMatch(_ name: String) {
        #expect(OrganNameMatcher.organ(forROIName: name) == nil, "\(name) must not match silently")
    }

    @Test func wordSplitting() {
        #expect(OrganNameMatcher.words("OpticNrv_L") == ["optic", "nrv", "l"])
        #expect(OrganNameMatcher.words("PTV70") == ["ptv", "70"])
        #expect(OrganNameMatcher.words("BRAIN STEM") == ["brain", "stem"])
        #expect(OrganNameMatcher.words("LOpticNerve") == ["l", "optic", "nerve"])
    }

    @Test func canonicalNamesRoundTrip() {
        for organ in Organ.all {
            #expect(Organ(identifier: organ.tg263Name) == organ, "\(organ.tg263Name)")
        }
        #expect(Organ.all.count == 4 + 5 * 2 + 2)  // 4 unpaired OARs + 5 paired kinds + GTV, PTV
        #expect(Organ(.opticNerve) == nil)
        #expect(Organ(.brainStem, .left) == nil)
        #expect(OrganKind(identifier: "OpticNerve") == .opticNerve)
        #expect(OrganKind(identifier: "Optic_Nrv") == .opticNerve)
    }
}

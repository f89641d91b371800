import Testing
@testable import RTCore

@Suite struct StructureMappingTests {
    let names = ["External", "BrainStem", "PRV_BrainStem", "Brainstem_old", "Cord", "OpticNrv_L", "z_opt",
                 "Chiasm", "Brain Stem"]

    @Test func automaticMatchingListsUnmatchedAndMissing() throws {
        let m = try StructureMapping(roiNames: names)
        #expect(m.organ(forROI: "BrainStem") == Organ(.brainStem))
        #expect(m.organ(forROI: "Cord") == Organ(.spinalCord))
        #expect(m.organ(forROI: "OpticNrv_L") == Organ(.opticNerve, .left))
        #expect(m.organ(forROI: "Chiasm") == Organ(.opticChiasm))
        #expect(m.roiName(for: Organ(.brainStem)!) == "BrainStem")
        // "Brain Stem" is a second match of BrainStem: judged too (the worse stands), with a warning naming it.
        #expect(m.unmatchedROIs == ["External", "PRV_BrainStem", "Brainstem_old", "z_opt"])
        #expect(m.alsoMatching == ["Brain Stem": Organ(.brainStem)!] && m.organ(forROI: "Brain Stem") == nil)
        #expect(m.diagnostics.count == 1)
        #expect(m.diagnostics.first?.subject == "Brain Stem")
        #expect(m.organsWithoutROI.contains(Organ(.opticNerve, .right)!))
        #expect(!m.organsWithoutROI.contains(Organ(.opticNerve, .left)!))
        // 14 organs at risk in the vocabulary, 4 found.
        #expect(m.organsWithoutROI.count == 14 - 4)
    }

    @Test func overrideWinsAndCanDrop() throws {
        let m = try StructureMapping(roiNames: names, overrides: ["Brainstem_old=BrainStem", "Chiasm=none"])
        #expect(m.roiName(for: Organ(.brainStem)!) == "Brainstem_old")
        #expect(m.assignments.first { $0.roiName == "Brainstem_old" }?.source == .override)
        #expect(m.unmatchedROIs.contains("BrainStem"))
        #expect(m.unmatchedROIs.contains("Chiasm"))
        #expect(m.organ(forROI: "Chiasm") == nil)
        #expect(m.organsWithoutROI.contains(Organ(.opticChiasm)!))
    }

    @Test func overrideWithAliasOrganName() throws {
        let m = try StructureMapping(roiNames: ["z_opt"], overrides: ["z_opt=Optic Nerve R"])
        #expect(m.organ(forROI: "z_opt") == Organ(.opticNerve, .right))
    }

    @Test func duplicateTargetsAreInfoNotWarning() throws {
        let m = try StructureMapping(roiNames: ["GTV_1", "GTV_2", "BRAIN STEM"])
        #expect(m.roiName(for: Organ(.gtv)!) == "GTV_1")
        #expect(m.unmatchedROIs.isEmpty && m.alsoMatching == ["GTV_2": Organ(.gtv)!])
        #expect(m.diagnostics.map(\.severity) == [.info])
    }

    @Test func badOverridesThrow() {
        #expect(throws: DoseSumError.self) { try StructureMapping(roiNames: names, overrides: ["Nope=BrainStem"]) }
        #expect(throws: DoseSumError.self) { try StructureMapping(roiNames: names, overrides: ["z_opt=Liver"]) }
        #expect(throws: DoseSumError.self) { try StructureMapping(roiNames: names, overrides: ["z_opt"]) }
        #expect(throws: DoseSumError.self) {
            try StructureMapping(roiNames: names, overrides: ["z_opt=BrainStem", "External=BrainStem"])
        }
        do {
            _ = try StructureMapping(roiNames: names, overrides: ["Nope=BrainStem"])
        } catch let e as DoseSumError {
            #expect(e.description.contains("Nope"))
            #expect(e.kind == .usage)
        } catch { Issue.record("unexpected \(error)") }
    }
}

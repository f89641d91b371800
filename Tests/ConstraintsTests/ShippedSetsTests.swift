import Foundation
import Testing
import DoseMetrics
import RTCore
import TestSupport
@testable import Constraints

/// Every shipped row against the figures of docs/clinical-limits.md, written here table by table
/// (not read back from the YAML). A row is compared as
/// "organ metric scope level comparator limit interval α/β"; informational rows have limit "-" unless
/// the source prints a number.
@Suite struct ShippedSetsTests {
    static func rows(_ set: ConstraintSet) -> [String] {
        set.constraints.map { c in
            let organ = c.side.map { "\(c.organKind.tg263Stem)_\($0.rawValue)" } ?? c.organKind.tg263Stem
            let limit = c.limit.map { "\($0)" } ?? "-"
            let info = c.informational ? " info" : ""
            let interval = c.interval.map { " \($0.comparator.rawValue)\(Int($0.months))mo" } ?? ""
            let ab = (c.alphaBeta.map { " ab\($0)" } ?? "") + (c.limitPercentOfPrescription.map { " \($0)%Rx" } ?? "")
            let scope = c.doseKind == .physical ? "\(c.scope.rawValue)-physical" : c.scope.rawValue
            return "\(organ) \(c.metric.notation) \(scope) \(c.level.rawValue) \(c.comparator.rawValue) \(limit)\(info)\(interval)\(ab)"
        }.sorted()
    }

    static func check(_ id: String, _ expected: [String]) throws {
        let set = try ConstraintLibrary.set(id)
        #expect(set.id == id)
        #expect(rows(set) == expected.sorted(), "\(id)")
        #expect(!set.citation.isEmpty)
        for c in set.constraints { #expect(!c.printed.isEmpty, "\(id): \(c.summary) keeps its printed wording") }
    }

    // NPC-2021 Table 2: desirable 130 %, acceptable 150 % of 54/45/54/54/70/70 Gy.
    @Test func npc2021() throws {
        try Self.check("npc-2021", [
            "BrainStem D0.03cc cumulative desirable <= 70.2", "BrainStem D0.03cc cumulative acceptable < 81.0",
            "SpinalCord D0.03cc cumulative desirable <= 58.5", "SpinalCord D0.03cc cumulative acceptable < 67.5",
            "OpticChiasm D0.03cc cumulative desirable <= 70.2", "OpticChiasm D0.03cc cumulative acceptable < 81.0",
            "OpticNrv D0.03cc cumulative desirable <= 70.2", "OpticNrv D0.03cc cumulative acceptable < 81.0",
            "Lobe_Temporal D0.03cc cumulative desirable <= 91.0", "Lobe_Temporal D0.03cc cumulative acceptable <= 105.0",
            "A_Carotid D0.03cc cumulative desirable <= 125.0", "A_Carotid D0.03cc cumulative acceptable <= - info",
            // Targets: relative to the re-irradiation prescription, on course 2's physical dose
            // (informational until a prescription is known).
            "GTV Dmin second-course-only-physical desirable >= - info 98.0%Rx", "GTV Dmin second-course-only-physical acceptable >= - info 95.0%Rx",
            "PTV D5% second-course-only-physical desirable <= - info 107.0%Rx", "PTV D10% second-course-only-physical acceptable < - info 107.0%Rx",
        ])
        let set = try ConstraintLibrary.set("npc-2021")
        // Priorities: 1 brain stem, cord, chiasm, optic nerve (bilateral); 2 temporal lobe; 3 carotid.
        let priorities: [OrganKind: Int] = [.brainStem: 1, .spinalCord: 1, .opticChiasm: 1, .opticNerve: 1,
                                            .temporalLobe: 2, .carotid: 3, .gtv: 1, .ptv: 2]
        for c in set.constraints { #expect(c.priority == priorities[c.organKind], "\(c.summary)") }
        let nerveAcceptable = try #require(set.constraints.first { $0.organKind == .opticNerve && $0.level == .acceptable })
        #expect(nerveAcceptable.unilateralException && nerveAcceptable.unilateralPriority == 2)
    }

    /// The shipped NPC-2021 rows against the table as the project's clinical notes print it
    /// (`../shared/docs/clinical-limits.md`, "NPC-2021, Table 2"), read at test time: each organ's
    /// priority, desirable and acceptable D0.03cc limits ("no constraint" = an informational row).
    @Test(.requires(SharedRequirement.sharedExists("docs/clinical-limits.md"), "../shared/docs/clinical-limits.md is absent: table cross-check skipped"))
    func npc2021MatchesTheClinicalLimitsTable() throws {
        let text = try String(contentsOf: SharedRequirement.sharedRoot.appendingPathComponent("docs/clinical-limits.md"), encoding: .utf8)
        let table = try #require(NPC2021Table(markdown: text))
        let organs: [String: OrganKind] = ["Brain stem": .brainStem, "Spinal cord": .spinalCord, "Optic chiasm": .opticChiasm,
                                           "Optic nerve": .opticNerve, "Temporal lobe": .temporalLobe, "Carotid artery": .carotid]
        #expect(Set(table.rows.map(\.organ)) == Set(organs.keys), "the table's organs")
        let set = try ConstraintLibrary.set("npc-2021")
        let near = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)
        for row in table.rows {
            let kind = try #require(organs[row.organ])
            func shipped(_ level: Constraint.Level) throws -> Constraint {
                try #require(set.constraints.first { $0.organKind == kind && $0.level == level && $0.metric == near && $0.scope == .cumulative },
                             "\(row.organ) \(level.rawValue)")
            }
            let desirable = try shipped(.desirable), acceptable = try shipped(.acceptable)
            #expect(desirable.limit == row.desirable, "\(row.organ) desirable")
            #expect(acceptable.limit == row.acceptable, "\(row.organ) acceptable")
            #expect(acceptable.informational == (row.acceptable == nil), "\(row.organ) acceptable informational")
            #expect(desirable.priority == row.priority && acceptable.priority == row.priority, "\(row.organ) priority")
        }
    }

    /// "| organ | priority | single-course | desirable | acceptable |" rows of the NPC-2021 table: the first
    /// number of each cell (priority "1 if bilateral, 2 if unilateral" → 1; "bilateral: 81 Gy" → 81;
    /// "no constraint" → nil).
    struct NPC2021Table {
        struct Row { var organ: String; var priority: Int?; var desirable: Double?; var acceptable: Double? }
        var rows: [Row] = []

        init?(markdown: String) {
            let lines = markdown.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.hasPrefix("## NPC-2021, Table 2") }) else { return nil }
            for line in lines[(start + 1)...] {
                if line.hasPrefix("## ") { break }
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 7, cells[1] != "organ", !cells[1].hasPrefix("-") else { continue }
                rows.append(Row(organ: cells[1], priority: Self.firstNumber(cells[2]).map { Int($0) },
                                desirable: Self.firstNumber(cells[4]), acceptable: Self.firstNumber(cells[5])))
            }
            if rows.isEmpty { return nil }
        }

        static func firstNumber(_ cell: String) -> Double? {
            guard let r = cell.range(of: "[0-9]+(\\.[0-9]+)?", options: .regularExpression) else { return nil }
            return Double(cell[r])
        }
    }

    @Test func heidelberg() throws {
        try Self.check("ars-2022-heidelberg", [
            "BrainStem D0.03cc cumulative protocol <= 60.0 <24mo", "BrainStem D0.03cc cumulative protocol <= 72.0 >24mo",
            "SpinalCord D0.03cc cumulative protocol <= 50.0 <24mo", "SpinalCord D0.03cc cumulative protocol <= 60.0 >24mo",
            "OpticChiasm D0.03cc cumulative protocol <= 54.0 <24mo", "OpticChiasm D0.03cc cumulative protocol <= 64.8 >24mo",
            "OpticNrv D0.03cc cumulative protocol <= 54.0 <24mo", "OpticNrv D0.03cc cumulative protocol <= 64.8 >24mo",
        ])
    }

    @Test func careCarbon() throws {
        try Self.check("ars-2022-care-carbon", [
            "BrainStem D0.03cc cumulative protocol <= 60.0 <24mo ab2.0", "BrainStem D0.03cc cumulative protocol <= 78.0 >=24mo ab2.0",
            "SpinalCord D0.03cc cumulative protocol <= 45.0 <24mo ab2.0", "SpinalCord D0.03cc cumulative protocol <= 54.0 >=24mo ab2.0",
            "OpticChiasm D0.03cc cumulative protocol <= 54.0 <24mo ab3.0", "OpticChiasm D0.03cc cumulative protocol <= 64.8 >=24mo ab3.0",
            "OpticNrv D0.03cc cumulative protocol <= 54.0 <24mo ab3.0", "OpticNrv D0.03cc cumulative protocol <= 64.8 >=24mo ab3.0",
        ])
    }

    @Test func ecog() throws {
        // Re-irradiation-course rows limit the plan's physical dose (the source does not say EQD2).
        let s = "second-course-only-physical"
        try Self.check("ars-2022-ecog-ea3191", [
            "BrainStem D0.03cc \(s) protocol <= 12.0", "BrainStem D0.03cc \(s) acceptable-variation <= 14.0",
            "SpinalCord D0.03cc \(s) protocol <= 10.0", "SpinalCord D0.03cc \(s) acceptable-variation <= 12.0",
            "OpticChiasm D0.03cc \(s) protocol <= 12.0", "OpticChiasm D0.03cc \(s) acceptable-variation <= 14.0",
            "OpticNrv D0.03cc \(s) protocol <= 12.0", "OpticNrv D0.03cc \(s) acceptable-variation <= 14.0",
            "Bone_Mandible D0.03cc \(s) guidance <= 63.0 info", "Cochlea D0.03cc \(s) guidance <= 35.0 info",  // outcome guidance
        ])
    }

    @Test func mskProton() throws {
        // Re-irradiation-course rows limit the plan's physical dose (the source does not say EQD2).
        let s = "second-course-only-physical"
        try Self.check("ars-2022-msk-proton", [
            "BrainStem D0.03cc \(s) protocol <= 64.0", "BrainStem D0.03cc \(s) protocol <= 53.0 info",
            "BrainStem D0.05cc cumulative protocol <= 70.0",
            "SpinalCord D0.03cc \(s) protocol <= 64.0", "SpinalCord D0.03cc \(s) protocol <= 53.0 info",
            "SpinalCord D0.1cc cumulative protocol <= 70.0",
            "OpticChiasm Dmean \(s) protocol <= 58.0", "OpticChiasm D0.05cc \(s) protocol <= 60.0",
            "OpticChiasm D0.05cc cumulative protocol <= 70.0",
            "OpticNrv D0.05cc \(s) protocol <= 60.0", "OpticNrv D0.05cc cumulative protocol <= 70.0",
            "BrachialPlex D95% cumulative protocol <= 65.0", "BrachialPlex D0.03cc cumulative protocol <= 70.0",
            "Bone_Mandible D0.05cc cumulative protocol <= 70.0", "Cochlea D0.03cc cumulative protocol <= 55.0",
        ])
        let set = try ConstraintLibrary.set("ars-2022-msk-proton")
        // Rows printed "(as printed)" in the ARS table are flagged.
        let flagged = set.constraints.filter(\.asPrinted).map(\.summary)
        #expect(flagged.contains("SpinalCord D0.1cc ≤ 70 Gy (protocol)"))
        #expect(flagged.contains("BrachialPlex D95% ≤ 65 Gy (protocol)"))
        #expect(flagged.contains("OpticChiasm D0.05cc ≤ 60 Gy (protocol)"))
    }

    @Test func singleSourceSets() throws {
        try Self.check("ars-2022-awan-2018", ["BrainStem D0.03cc cumulative guidance <= 60.0",
                                              "SpinalCord D0.03cc cumulative guidance <= 54.0"])
        try Self.check("ars-2022-chen-2011", ["BrainStem D0.03cc cumulative guidance <= 55.0",
                                              "SpinalCord D0.03cc cumulative guidance <= 55.0"])
        try Self.check("ars-2022-rtog-9911", ["SpinalCord D0.03cc cumulative protocol <= 50.0"])
        try Self.check("ars-2022-nieder-2018", ["SpinalCord D0.03cc cumulative guidance <= 75.0 info"])  // survey, no consensus
        try Self.check("ars-2022-wake-forest", ["A_Carotid D0.03cc cumulative guidance < 120.0"])
        try Self.check("ars-2022-bots-2017", ["A_Carotid D0.03cc cumulative guidance < 128.0 info",  // outcome ranges
                                              "Bone_Mandible D0.03cc cumulative guidance < 100.0 info"])
        try Self.check("ars-2022-dale-2017", ["A_Carotid D0.03cc cumulative guidance <= 100.0 info"])
        try Self.check("ars-2022-chen-2017-brachial", ["BrachialPlex D0.03cc cumulative guidance < 95.0"])
    }

    @Test func listing() throws {
        let list = try ConstraintLibrary.listing()
        #expect(list.first?.id == "npc-2021")
        #expect(list.first?.isDefault == true)
        #expect(list.filter(\.isDefault).count == 1)
        let expectedIDs: Set = ["npc-2021", "ars-2022-msk-proton", "ars-2022-care-carbon", "ars-2022-ecog-ea3191",
                                "ars-2022-heidelberg", "ars-2022-awan-2018", "ars-2022-chen-2011", "ars-2022-rtog-9911",
                                "ars-2022-nieder-2018", "ars-2022-wake-forest", "ars-2022-bots-2017",
                                "ars-2022-chen-2017-brachial", "ars-2022-dale-2017"]
        #expect(Set(list.map(\.id)) == expectedIDs)
        #expect(throws: DoseSumError.self) { try ConstraintLibrary.set("npc-2012") }
        // set(id) decodes only the file named by the id: every shipped set is found that way, and
        // equals the one the full listing decodes.
        let files = try ConstraintLibrary.shippedFiles().map { $0.deletingPathExtension().lastPathComponent }
        #expect(Set(files) == expectedIDs)
        for set in try ConstraintLibrary.shipped() { #expect(try ConstraintLibrary.set(set.id) == set) }
    }

    @Test func requiredMetrics() throws {
        let set = try ConstraintLibrary.set("ars-2022-msk-proton")
        let chiasm = Organ(.opticChiasm)!
        #expect(set.requiredMetrics(for: chiasm, scope: .secondCourseOnly) ==
                [.dmean, .doseAtAbsoluteVolume(cc: 0.05)])
        #expect(set.requiredMetrics(for: chiasm, scope: .cumulative) == [.doseAtAbsoluteVolume(cc: 0.05)])
        #expect(set.organs.contains(Organ(.cochlea, .right)!))
    }
}

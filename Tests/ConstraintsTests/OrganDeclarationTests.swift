import Testing
import Foundation
@testable import Constraints
import RTCore

/// Constraint files beyond the head and neck: TG-263 organs by name, declared organs with their own
/// aliases and α/β, and the refusals (alias used by two organs, undeclared names, sided declarations).
@Suite struct OrganDeclarationTests {
    let header = "id: thorax\ntitle: Thorax\ncitation: Local protocol 2026\n"

    func decode(_ yaml: String) throws -> ConstraintSet { try ConstraintSetDecoder.decode(header + yaml, file: "thorax.yaml") }
    func message(_ yaml: String) -> String? {
        do { _ = try decode(yaml); return nil } catch let e as DoseSumError { return e.description } catch { return "unexpected \(error)" }
    }

    @Test func tg263OrgansByNameWithRowAlphaBeta() throws {
        let set = try decode("""
            constraints:
              - {organ: Esophagus, metric: D0.03cc, level: desirable, limit_gy: 100, alpha_beta_gy: 3}
              - {organ: Heart, metric: D0.03cc, level: desirable, limit_gy: 100}
              - {organ: Lung, metric: Dmean, level: desirable, limit_gy: 20, alpha_beta_gy: 3}
            """)
        let esophagus = try #require(Organ(identifier: "Esophagus")), heart = try #require(Organ(identifier: "Heart"))
        #expect(set.constraints[0].organs == [esophagus] && set.constraints[1].organs == [heart])
        #expect(set.constraints[2].organs.map(\.tg263Name) == ["Lung_L", "Lung_R"])
        let v = set.vocabulary
        // matched by the set's vocabulary, in any common spelling; the shipped organs stay
        #expect(v.organ(forROIName: "ESOPHAGUS") == esophagus && v.organ(forROIName: "HEART") == heart)
        #expect(v.organ(forROIName: "Lt Lung")?.tg263Name == "Lung_L" && v.organ(forROIName: "Cord") == Organ(.spinalCord))
        // α/β: the row's when it states one; none for Heart (the command line must give it)
        #expect(v.defaultAlphaBeta(for: esophagus.kind)?.gy == 3 && v.defaultAlphaBeta(for: esophagus.kind)?.source == .statedByRows)
        #expect(v.defaultAlphaBeta(for: heart.kind) == nil)
        #expect(v.defaultAlphaBeta(for: .spinalCord)?.gy == 2)
    }

    @Test func declaredOrgansWithTheirOwnAliasesAndAlphaBeta() throws {
        let set = try decode("""
            organs:
              Heart: {aliases: [Cor, Heart_whole], alpha_beta_gy: 2.5}
              Vessel_Bundle: {aliases: [VB, vessel bundle], alpha_beta_gy: 3}
              Rib: {paired: true, alpha_beta_gy: 3}
            constraints:
              - {organ: Cor, metric: D0.03cc, level: desirable, limit_gy: 100}
              - {organ: VB, metric: D0.03cc, level: desirable, limit_gy: 90}
              - {organ: Rib_L, metric: D0.03cc, level: desirable, limit_gy: 90}
            """)
        #expect(set.constraints.map { $0.organs.map(\.tg263Name) } == [["Heart"], ["Vessel_Bundle"], ["Rib_L"]])
        let v = set.vocabulary
        #expect(v.organ(forROIName: "COR")?.tg263Name == "Heart" && v.organ(forROIName: "Vessel-Bundle")?.tg263Name == "Vessel_Bundle")
        #expect(v.organ(forROIName: "Rib R")?.tg263Name == "Rib_R" && v.organ(forROIName: "Rib") == nil)
        let heart = try #require(Organ(identifier: "Heart"))
        #expect(v.defaultAlphaBeta(for: heart.kind)?.gy == 2.5 && v.defaultAlphaBeta(for: heart.kind)?.source == .constraintFile)
        #expect(v.defaultAlphaBeta(for: v.kind(forName: "VB")!)?.gy == 3)
    }

    @Test func anAliasUsedByTwoOrgansIsRefusedNamingFileAliasAndBothOrgans() throws {
        let rows = "constraints:\n  - {organ: Heart, metric: D0.03cc, level: desirable, limit_gy: 100}\n"
        let twoDeclared = try #require(message("organs:\n  Gullet: {aliases: [Eso]}\n  Upper_Tube: {aliases: [ESO]}\n" + rows))
        #expect(twoDeclared.contains("thorax.yaml") && twoDeclared.contains("'ESO'") && twoDeclared.contains("Gullet")
                && twoDeclared.contains("Upper_Tube"), "\(twoDeclared)")
        let shipped = try #require(message("organs:\n  Myelon: {aliases: [Cord]}\n" + rows))
        #expect(shipped.contains("thorax.yaml") && shipped.contains("'Cord'") && shipped.contains("SpinalCord") && shipped.contains("Myelon"), "\(shipped)")
        let tg263 = try #require(message("organs:\n  Pump: {aliases: [Heart]}\n" + rows))
        #expect(tg263.contains("'Heart'") && tg263.contains("Pump") && tg263.contains("organs.Pump"), "\(tg263)")
    }

    @Test func otherBadDeclarationsAndUndeclaredNames() throws {
        let rows = "constraints:\n  - {organ: Heart, metric: D0.03cc, level: desirable, limit_gy: 100}\n"
        let undeclared = try #require(message("constraints:\n  - {organ: Gizzard, metric: D0.03cc, level: desirable, limit_gy: 100}\n"))
        #expect(undeclared.contains("constraints[0]") && undeclared.contains("Gizzard") && undeclared.contains("organs:"))
        let typo = try #require(message("constraints:\n  - {organ: Esophgus, metric: D0.03cc, level: desirable, limit_gy: 100}\n"))
        #expect(typo.contains("did you mean Esophagus?"), "\(typo)")
        #expect(message("organs:\n  Lung_L: {alpha_beta_gy: 3}\n" + rows)?.contains("declare Lung itself") == true)
        #expect(message("organs:\n  Heart: {paired: true}\n" + rows)?.contains("'paired'") == true)
        #expect(message("organs:\n  Heart: {alpha_beta_gy: 0}\n" + rows)?.contains("'alpha_beta_gy'") == true)
        #expect(message("organs:\n  Heart: {alias: [Cor]}\n" + rows)?.contains("unknown key 'alias'") == true)
        #expect(message("organs:\n  Gizzard: {aliases: [Gizzard L]}\n" + rows)?.contains("side word") == true)
        #expect(message("organs: [Heart]\n" + rows)?.contains("'organs' must be a mapping") == true)
    }

    @Test func everyShippedSetMatchesWithTheShippedVocabularyOnly() throws {
        // Results for the shipped sets must not change: their vocabulary is exactly the shipped one,
        // conventions included (CARE's optic rows at 3 Gy stay row α/β; the nerves keep 2 Gy).
        for set in try ConstraintLibrary.shipped() {
            #expect(set.vocabulary == OrganVocabulary.shipped, "\(set.id)")
        }
    }
}

/// The example sets in `Fixtures/constraints`: they read, use organs beyond the head and neck, and
/// say in every place a report shows (id, title, citation) that they are examples.
@Suite struct ExampleConstraintFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/constraints")

    @Test func everyExampleReadsAndIsMarkedAsAnExample() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == ["example-spine-pelvis.yaml", "example-thorax.yaml"])
        for name in files {
            let url = Self.folder.appendingPathComponent(name)
            let set = try ConstraintSetDecoder.load(contentsOf: url)
            #expect(set.id.hasPrefix("example-") && set.title.hasPrefix("EXAMPLE") && set.citation.hasPrefix("EXAMPLE ONLY"), "\(name)")
            #expect(set.citation.contains("not a clinical recommendation"), "\(name)")
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.hasPrefix("# EXAMPLE ONLY — NOT A CLINICAL RECOMMENDATION."), "\(name)")
            // organs beyond the shipped head-and-neck kinds, each with an α/β from the file or the convention
            #expect(set.organs.contains { !OrganKind.shipped.contains($0.kind) }, "\(name)")
            for organ in set.organs { #expect(set.vocabulary.defaultAlphaBeta(for: organ.kind) != nil, "\(name): \(organ)") }
        }
        let thorax = try ConstraintSetDecoder.load(contentsOf: Self.folder.appendingPathComponent("example-thorax.yaml"))
        #expect(thorax.vocabulary.organ(forROIName: "PBT")?.tg263Name == "ProxBronchTree")
        #expect(thorax.vocabulary.organ(forROIName: "OESOPHAGUS")?.tg263Name == "Esophagus")
    }
}

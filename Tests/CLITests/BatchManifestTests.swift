import Foundation
import Testing
import TestSupport
import DoseSumKit
import RTCore

/// Manifest reading: CSV quoting, YAML, relative paths, and strict errors that name manifest, row and field.
struct BatchManifestTests {
    /// A fresh temp folder with one manifest file in it.
    func write(_ text: String, name: String) throws -> (folder: TemporaryFolder, path: String) {
        let folder = try TemporaryFolder(prefix: "dosesum-batch-manifest")
        let path = folder.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    func error(_ text: String, name: String = "m.csv") throws -> DoseSumError {
        let (folder, path) = try write(text, name: name)
        defer { folder.remove() }
        do { _ = try BatchManifest.load(path) } catch let e as DoseSumError { return e }
        Issue.record("manifest was accepted:\n\(text)")
        return DoseSumError(.internalError, "")
    }

    static let header = "id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures"

    @Test func csvQuotingFollowsRFC4180() throws {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n\n"
        let records = try CSVTable.parse(text, file: "t.csv")
        #expect(records.map(\.fields) == [["a", "b,c", "say \"hi\""], ["two\nlines", "", "x"]])
        #expect(records.map(\.line) == [1, 2])
        #expect(CSVTable.escape("b,c") == "\"b,c\"" && CSVTable.escape("say \"hi\"") == "\"say \"\"hi\"\"\"" && CSVTable.escape("plain") == "plain")
        // What escape writes, parse reads back.
        let fields = ["x,y", "q\"q", "n\nl", ""]
        #expect(try CSVTable.parse(CSVTable.row(fields), file: "t.csv").first?.fields == fields)
        #expect(throws: DoseSumError.self) { try CSVTable.parse("a,\"open\n", file: "t.csv") }
        #expect(throws: DoseSumError.self) { try CSVTable.parse("a,\"x\"y\n", file: "t.csv") }
    }

    @Test func csvManifestResolvesPathsAndParsesFields() throws {
        let text = """
            id,course1_dose,course1_plan,course2_dose,course2_fractions,structures,registration,interval_months,protocol,alpha_beta,default_alpha_beta,map
            "P 1, left",d1.dcm,plans/p1.dcm,/abs/d2.dcm,30,../s.dcm,reg.dcm,24.5,my.yaml,"BrainStem=2; Spinal Cord=2.5",3,"Cord=SpinalCord;X=none"
            """
        let (folder, path) = try write(text, name: "m.csv")
        defer { folder.remove() }
        let m = try BatchManifest.load(path)
        #expect(m.patients.count == 1)
        let p = try #require(m.patients.first)
        let dir = folder.url.standardized.path
        #expect(p.id == "P 1, left" && p.folderName == "P_1__left" && p.index == 0 && p.location == "line 2")
        let c = p.request.composite
        #expect(c.courses[0].dosePath == dir + "/d1.dcm")
        #expect(c.courses[0].planPath == dir + "/plans/p1.dcm" && c.courses[0].fractions == nil)
        #expect(c.courses[1].dosePath == "/abs/d2.dcm" && c.courses[1].fractions == 30)
        #expect(c.structuresPath == folder.url.deletingLastPathComponent().standardized.path + "/s.dcm")
        #expect(c.registrationPath == dir + "/reg.dcm")
        #expect(c.alphaBeta == ["BrainStem": 2, "Spinal Cord": 2.5] && c.defaultAlphaBeta == 3)
        #expect(p.request.intervalMonths == 24.5)
        #expect(p.request.protocolID == dir + "/my.yaml")
        #expect(p.request.maps == [ROIOverride(roiName: "Cord", organName: "SpinalCord"), ROIOverride(roiName: "X", organName: nil)])
    }

    @Test func yamlManifestMatchesTheEquivalentCSV() throws {
        let yaml = """
            # two patients
            - id: p1
              course1_dose: a/d1.dcm
              course1_fractions: 35
              course2_dose: a/d2.dcm
              course2_plan: a/p2.dcm
              structures: a/s.dcm
              alpha_beta: {BrainStem: 2, SpinalCord: 2}
              map: [Cord=SpinalCord]
              matrix: [1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
              registration: null
            - id: 2
              course1_dose: d1.dcm
              course1_fractions: 35
              course2_dose: d2.dcm
              course2_fractions: 30
              structures: s.dcm
              protocol: npc-2021
            """
        let (folder, path) = try write(yaml, name: "m.yaml")
        defer { folder.remove() }
        let m = try BatchManifest.load(path)
        #expect(m.patients.map(\.id) == ["p1", "2"])
        let a = m.patients[0].request, b = m.patients[1].request
        let dir = folder.url.standardized.path
        #expect(a.composite.courses[0].dosePath == dir + "/a/d1.dcm" && a.composite.courses[0].fractions == 35)
        #expect(a.composite.courses[1].planPath == dir + "/a/p2.dcm")
        #expect(a.composite.alphaBeta == ["BrainStem": 2, "SpinalCord": 2])
        #expect(a.maps.map(\.description) == ["Cord=SpinalCord"])
        #expect(a.composite.matrix == [1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        #expect(a.composite.registrationPath == nil)
        #expect(b.protocolID == "npc-2021" && b.composite.courses[1].fractions == 30)
        #expect(m.patients[1].location.hasPrefix("entry 2 (line "))
    }

    @Test func strictErrorsNameManifestRowAndField() throws {
        let h = Self.header
        let unknown = try error("\(h),colour\np1,a,35,b,30,s,red\n")
        #expect(unknown.file?.hasSuffix("m.csv") == true && unknown.message.contains("unknown column 'colour'"))

        let dup = try error("\(h)\np1,a,35,b,30,s\np2,a,35,b,30,s\np1,a,35,b,30,s\n")
        #expect(dup.message.contains("line 4") && dup.message.contains("'id'") && dup.message.contains("line 2"))

        let sameFolder = try error("\(h)\np/1,a,35,b,30,s\np:1,a,35,b,30,s\n")
        #expect(sameFolder.message.contains("line 3") && sameFolder.message.contains("p_1"))

        let noStructures = try error("\(h)\np1,a,35,b,30,\n")
        #expect(noStructures.message.contains("line 2") && noStructures.message.contains("'structures'") && noStructures.message.contains("required"))

        let noFractions = try error("id,course1_dose,course2_dose,course2_fractions,structures\np1,a,b,30,s\n")
        #expect(noFractions.message.contains("'course1_fractions'") && noFractions.message.contains("course1_plan"))

        let badFractions = try error("\(h)\np1,a,35,b,thirty,s\n")
        #expect(badFractions.message.contains("'course2_fractions'") && badFractions.message.contains("'thirty'"))

        let badAB = try error("\(h),alpha_beta\np1,a,35,b,30,s,BrainStem:2\n")
        #expect(badAB.message.contains("'alpha_beta'") && badAB.message.contains("(id 'p1')"))

        let ragged = try error("\(h)\np1,a,35,b,30\n")
        #expect(ragged.message.contains("line 2") && ragged.message.contains("5 cells"))

        let yamlUnknown = try error("- id: p1\n  course1_dose: a\n  colour: red\n", name: "m.yaml")
        #expect(yamlUnknown.message.contains("entry 1") && yamlUnknown.message.contains("unknown field 'colour'"))

        let yamlNotList = try error("id: p1\n", name: "m.yaml")
        #expect(yamlNotList.message.contains("list of patients"))

        let empty = try error("\(h)\n")
        #expect(empty.message.contains("no patients"))

        let wrongExt = try error("x", name: "m.txt")
        #expect(wrongExt.message.contains(".csv, .yaml or .yml"))
    }

    @Test func idsBecomeSafeFolderNames() {
        #expect(BatchPatient.sanitise("PAT-001_a.b") == "PAT-001_a.b")
        #expect(BatchPatient.sanitise("../etc/passwd") == "_.._etc_passwd")
        #expect(BatchPatient.sanitise("..") == "_..")
        #expect(BatchPatient.sanitise("") == "_")
        #expect(BatchPatient.sanitise("Müller 7") == "M_ller_7")
    }

    @Test func shardSelectsEveryNthPatient() throws {
        let s = try BatchSummary.Shard(parsing: "2/3")
        #expect((0..<9).filter(s.contains) == [1, 4, 7])
        #expect(s.fileStem == "summary.shard-2-of-3")
        for bad in ["0/2", "3/2", "1/0", "x/2", "1", "1/2/3"] {
            #expect(throws: DoseSumError.self) { try BatchSummary.Shard(parsing: bad) }
        }
    }
}

import Foundation
import Testing
import DoseSumKit
import RTCore

/// `check` reads its constraint set, dose headers and structure set at once (`CaseLoader.open`,
/// `CheckPipeline.run`). With several bad inputs, the error must still be the one reading them one
/// after the other gives: constraint set, then courses, then structures.
@Suite struct OpenOrderTests {
    func error(_ body: () throws -> Void) -> DoseSumError? {
        do { try body() } catch let e as DoseSumError { return e } catch { Issue.record("not a DoseSumError: \(error)") }
        return nil
    }

    @Test func errorsComeInReadingOrder() throws {
        let folder = try DemoFolder()
        let corrupt = folder.out("corrupt-rtstruct.dcm")
        try Data("not a DICOM file".utf8).write(to: URL(fileURLWithPath: corrupt))
        let good = DemoCase.request(folder: folder.path(""))
        #expect(throws: Never.self) { _ = try CaseLoader.open(good.composite) }

        // a missing course-1 dose and a corrupt structure set: the dose is named
        var both = good
        both.composite.courses[0].dosePath = folder.out("missing-course1.dcm")
        both.composite.structuresPath = corrupt
        let first = try #require(error { _ = try CaseLoader.open(both.composite) })
        #expect(first.file == folder.out("missing-course1.dcm"), "\(first)")

        // good courses, corrupt structure set: the structure set is named
        var structures = good
        structures.composite.structuresPath = corrupt
        let second = try #require(error { _ = try CaseLoader.open(structures.composite) })
        #expect(second.file == corrupt, "\(second)")

        // an unknown constraint set beside bad files: the constraint set comes first
        var set = both
        set.protocolID = "no-such-constraint-set"
        let third = try #require(error { _ = try CheckPipeline.run(set) })
        #expect(third.description.contains("no-such-constraint-set"), "\(third)")
        #expect(!third.description.contains("missing-course1"), "\(third)")

        // no structure set beside a missing dose: the usage error, and no file is read for it
        var none = both
        none.composite.structuresPath = nil
        let fourth = try #require(error { _ = try CheckPipeline.run(none) })
        #expect(fourth.kind == .usage && fourth.field == .structures, "\(fourth)")
    }
}

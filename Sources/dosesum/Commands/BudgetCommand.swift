import ArgumentParser
import DoseSumKit
import Foundation
import OutputFiles
import RTCore
import RTModel

/// `dosesum budget`: the dose course 2 may still give, organ by organ.
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "budget",
        abstract: "Per organ: course-1 EQD2 already used and the course-2 physical dose left under each limit.",
        discussion: "Assumes the same region is hit by both courses (NPC-2021's worked example); the voxelwise `check` replaces that assumption once course 2 is planned. A row that states its own α/β uses it. Exit status: 0, or 1 when course 1 alone already exceeds a limit (EXCEEDED by … Gy), 2 bad input.")

    @Option(help: "Course-1 RTDOSE.") var course1Dose: String
    @Option(parsing: .unconditional, help: "Fractions of course 1.") var course1Fractions: Int?
    @Option(help: "Course-1 RTPLAN (for its fraction count).") var course1Plan: String?
    @Option(help: "RTSTRUCT in course 1's frame.") var structures: String
    @Option(parsing: .unconditional, help: "Planned fractions of course 2.") var course2Fractions: Int
    @Option(name: .customLong("protocol"), help: "Constraint set id or file.") var protocolID: String = "npc-2021"
    @Option(name: .customLong("alpha-beta"), help: ArgumentHelp("α/β of one ROI (repeatable).", valueName: "ROI=GY")) var alphaBeta: [String] = []
    @Option(parsing: .unconditional, help: "α/β for ROIs without their own (0.01–1000 Gy).", transform: AlphaBetaOption.parse)
    var defaultAlphaBeta: Double?
    @Option(help: ArgumentHelp("ROI→organ override (repeatable).", valueName: "ROI=ORGAN")) var map: [String] = []
    @Option(help: "Months since course 1: selects interval-conditioned rows as `check` does.") var intervalMonths: Double?
    @Flag(help: "Accept inputs whose PatientIDs differ (recorded in the output).") var allowPatientMismatch = false
    @Flag(help: "Accept a dose that references another plan than --course1-plan (recorded in the output).") var allowPlanMismatch = false
    @Option(help: ArgumentHelp("Registration scenarios (course 1's dose moved relative to the structures, rotations about the centre of its grid): sizes, 'none', or a scenario file, as for check.", valueName: "2mm,1deg|none|FILE"))
    var setupUncertainty: String = "2mm,1deg"
    @Option(help: "Write the dosesum.budget/2 JSON here.") var json: String?
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var surface: SurfaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let json {
            let inputs = [course1Dose, course1Plan, structures, protocolID].compactMap { $0 }
            try OutputPlan(outputs: [.init(label: "--json", path: json)], inputs: inputs, overwrite: output.force).check()
        }
        var request = BudgetPipeline.Request(
            course1: CourseInput(label: "course1", dosePath: course1Dose, fractions: course1Fractions, planPath: course1Plan),
            structuresPath: structures, course2Fractions: course2Fractions, protocolID: protocolID,
            alphaBeta: try AssignmentParser.parseAll(alphaBeta, option: "--alpha-beta", range: 0.01...1000),
            defaultAlphaBeta: defaultAlphaBeta, maps: map, intervalMonths: intervalMonths,
            consistency: ConsistencyPolicy(allowPatientMismatch: allowPatientMismatch, allowPlanMismatch: allowPlanMismatch),
            setupUncertainty: try ScenarioSetParser.parse(setupUncertainty))
        request.memoryBudget = try memory.budget
        request.surface = try surface.model
        let outcome = try BudgetPipeline.run(request)
        func f(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "—" }
        print("Remaining course-2 dose under \(outcome.protocolID), same-region worst case, course 2 in \(outcome.course2Fractions) fractions, \(outcome.surface) surface model")
        print(["ROI", "metric", "scope", "level", "α/β", "limit", "used", "left EQD2", "left phys", "left @2Gy/fx", "left phys (worst scenario)"].joined(separator: "\t"))
        for l in outcome.lines {
            let ab = f(l.alphaBetaGy) + (l.alphaBetaSource == "constraint row" ? " (row)" : "")
            let flag = l.exceededByGy.map { "\tEXCEEDED by \(f($0)) Gy" } ?? ""
            print([l.roi, l.metric, l.scope, l.level, ab, f(l.limitGy), f(l.usedGy), f(l.remainingEQD2Gy), f(l.remainingPhysicalGy),
                   f(l.remainingPhysicalAt2GyGy), l.worstScenario.map { "\(f(l.worstRemainingPhysicalGy)) (\($0))" } ?? "—"].joined(separator: "\t") + flag + (l.reason.map { "\t(\($0))" } ?? ""))
        }
        for o in outcome.overrides { print("OVERRIDE (\(o.kind.rawValue)): \(o.detail)") }
        Terminal.diagnostics(outcome.diagnostics.filter { $0.severity != .info })
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try AtomicFileWriter.write(try encoder.encode(outcome), to: json, overwrite: output.force)
        }
        if outcome.anyExceeded { throw ExitCode(1) }
    }
}

import ArgumentParser
import CompositeDose
import Constraints
import DoseSumKit
import Foundation
import OutputFiles
import Radiobiology
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
    @Option(help: ArgumentHelp("A further prior course, repeatable in order: its RTDOSE with fractions=N or plan=RTPLAN, and registration=REG or matrix=M11;…;M44 when it is not on course 1's frame (the structures'); its EQD2 is added to course 1's before the dose left is solved.", valueName: "DOSE,fractions=N|plan=RP[,registration=REG|matrix=…]"))
    var prior: [String] = []
    @Option(help: "RTSTRUCT in course 1's frame.") var structures: String
    @Option(parsing: .unconditional, help: "Planned fractions of course 2.") var course2Fractions: Int
    @Option(name: .customLong("protocol"), help: "Constraint set id or file.") var protocolID: String = "npc-2021"
    @Option(name: .customLong("alpha-beta"), help: ArgumentHelp("α/β of one ROI (repeatable).", valueName: "ROI=GY")) var alphaBeta: [String] = []
    @Option(parsing: .unconditional, help: "α/β for ROIs without their own (0.01–1000 Gy).", transform: AlphaBetaOption.parse)
    var defaultAlphaBeta: Double?
    @Option(help: ArgumentHelp("ROI→organ override (repeatable).", valueName: "ROI=ORGAN")) var map: [String] = []
    @Option(help: ArgumentHelp("Recovery of one ROI (repeatable): ROI=FRACTION discounts that fraction (0…1) of every prior course's EQD2 from what was used; ROI=FRACTION@K,… gives prior course K (1 = course 1, 2 = the first --prior, …) its own fraction, unlisted courses undiscounted. The course being planned (the last number) takes none. The table and the map use the discounted sum; the undiscounted one is given beside it.", valueName: "ROI=FRACTION|ROI=FRACTION@K,…"))
    var recovery: [String] = []
    @Option(help: "Months since course 1: selects interval-conditioned rows as `check` does.") var intervalMonths: Double?
    @Flag(help: "Accept inputs whose PatientIDs differ (recorded in the output).") var allowPatientMismatch = false
    @Flag(help: "Accept a dose that references another plan than --course1-plan (recorded in the output).") var allowPlanMismatch = false
    @Option(help: ArgumentHelp("Registration scenarios (course 1's dose moved relative to the structures, rotations about the centre of its grid): sizes, 'none', or a scenario file, as for check.", valueName: "2mm,1deg|none|FILE"))
    var setupUncertainty: String = "2mm,1deg"
    @Option(help: "Write the dosesum.budget/2 JSON here.") var json: String?
    @Option(help: ArgumentHelp("Also write the budget map: an RTDOSE (course 1's frame) whose voxels hold the course-2 physical dose left in --course2-fractions, the least over the organs occupying the voxel.", valueName: "budget.dcm"))
    var mapOutput: String?
    @Option(help: ArgumentHelp("Map: the limit level whose rows bound it (desirable, acceptable, protocol, acceptable-variation, guidance), or strictest: every level, each organ's strictest row.", valueName: "level"))
    var level: String = "strictest"
    @Option(parsing: .unconditional, help: ArgumentHelp("Map: Gy shown where no counted row limits the voxel, and the most any voxel shows.", valueName: "GY"))
    var mapCeiling: Double = BudgetMapRequest.defaultCeilingGy
    @Option(parsing: .unconditional, help: ArgumentHelp("Map: a grid of this spacing (mm) on patient axes covering the structures, instead of course 1's dose grid.", valueName: "SPACING"))
    var grid: Double?
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var surface: SurfaceOptions
    @OptionGroup var output: OutputOptions

    /// The map's options, or nil without --map-output (then the map options are refused, not ignored).
    func mapRequest() throws -> BudgetMapRequest? {
        let levelChoice: Constraint.Level?
        if level.lowercased() == "strictest" { levelChoice = nil } else {
            guard let l = Constraint.Level(rawValue: level.lowercased()) else {
                throw DoseSumError(.usage, "--level expects strictest, \(Constraint.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(level)'")
            }
            levelChoice = l
        }
        guard let mapOutput else {
            let given = [(level != "strictest", "--level"), (mapCeiling != BudgetMapRequest.defaultCeilingGy, "--map-ceiling"), (grid != nil, "--grid")]
            if let option = given.first(where: \.0)?.1 { throw DoseSumError(.usage, "\(option) shapes the budget map: give --map-output FILE.dcm too") }
            return nil
        }
        return BudgetMapRequest(output: mapOutput, overwrite: output.force, outputLabel: "--map-output", level: levelChoice, ceilingGy: mapCeiling,
                                gridSpacingMM: grid, labels: .init(level: "--level", ceiling: "--map-ceiling", grid: "--grid"))
    }

    /// `--prior DOSE,fractions=N|plan=RTPLAN[,registration=REG|matrix=M11;…;M44]` (`RequestValues.course`'s
    /// rule); the mapping takes the prior course to course 1's frame (the structures').
    static func parsePrior(_ text: String, index: Int) throws -> CourseInput {
        do { return try RequestValues.course(text, label: "prior\(index + 2)") } catch let e as DoseSumError {
            throw DoseSumError(.usage, "--prior \(e.message)")
        }
    }

    func run() throws {
        let mapRequest = try mapRequest()
        let priors = try prior.enumerated().map { try Self.parsePrior($1, index: $0) }
        let outputs: [OutputPlan.Output] = [json.map { .init(label: "--json", path: $0) }, mapOutput.map { .init(label: "--map-output", path: $0) }].compactMap { $0 }
        if !outputs.isEmpty {
            let inputs = [course1Dose, course1Plan, structures, protocolID].compactMap { $0 } + priors.flatMap { [$0.dosePath, $0.planPath].compactMap { $0 } }
            try OutputPlan(outputs: outputs, inputs: inputs, overwrite: output.force).check()
        }
        var request = BudgetPipeline.Request(
            course1: CourseInput(label: "course1", dosePath: course1Dose, fractions: course1Fractions, planPath: course1Plan),
            structuresPath: structures, course2Fractions: course2Fractions, protocolID: protocolID,
            alphaBeta: try RequestValues.alphaBetas(alphaBeta),
            defaultAlphaBeta: defaultAlphaBeta, maps: try RequestValues.maps(map), intervalMonths: intervalMonths,
            consistency: ConsistencyPolicy(allowPatientMismatch: allowPatientMismatch, allowPlanMismatch: allowPlanMismatch),
            setupUncertainty: try ScenarioSetParser.parse(setupUncertainty))
        request.memoryBudget = try memory.budget
        request.map = mapRequest
        request.priors = priors
        // the prior courses (course 1 and each --prior), then the course being planned
        request.recovery = try RequestValues.recoveries(recovery, courses: priors.count + 2)
        request.surface = try surface.model
        let outcome = try BudgetPipeline.run(request)
        func f(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "—" }
        let after = priors.isEmpty ? "" : ", used = the sum of \(priors.count + 1) prior courses' EQD2"
        print("Remaining course-2 dose under \(outcome.protocolID), same-region worst case, course 2 in \(outcome.course2Fractions) fractions\(after), \(outcome.surface) surface model")
        print(["ROI", "metric", "scope", "level", "α/β", "limit", "used", "left EQD2", "left phys", "left @2Gy/fx", "left phys (worst scenario)"].joined(separator: "\t"))
        for l in outcome.lines {
            let ab = f(l.alphaBetaGy) + (l.alphaBetaSource.isConstraintRow ? " (row)" : "")
            let flag = (l.exceededByGy.map { "\tEXCEEDED by \(f($0)) Gy" } ?? "") + (l.recoveryByCourse.flatMap(RecoveryWeighting.words(factors:)).map {
                "\t(used: \($0); undiscounted \(f(l.usedUndiscountedGy)))"
            } ?? "")
            print([l.roi, l.metric, l.scope, l.level, ab, f(l.limitGy), f(l.usedGy), f(l.remainingEQD2Gy), f(l.remainingPhysicalGy),
                   f(l.remainingPhysicalAt2GyGy), l.worstScenario.map { "\(f(l.worstRemainingPhysicalGy)) (\($0))" } ?? "—"].joined(separator: "\t") + flag + (l.reason.map { "\t(\($0))" } ?? ""))
        }
        if let m = outcome.map {
            print("wrote \(m.path): budget map (\(m.level) limits, course 2 in \(m.course2Fractions) fractions), \(m.size.map(String.init).joined(separator: "×")) voxels of \(m.spacingMM.map { String(format: "%g", $0) }.joined(separator: "×")) mm (\(m.grid)); \(m.limitedVoxels) voxels in limited organs (\(m.exhaustedVoxels) with nothing left, \(m.cappedVoxels) at the ceiling), elsewhere the ceiling \(f(m.ceilingGy)) Gy; SOPInstanceUID \(m.sopInstanceUID)")
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

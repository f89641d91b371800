import ArgumentParser
import CompositeDose
import DoseSumKit
import Foundation
import Masks
import Reports
import RTCore

/// `dosesum check`: two courses and a structure set in, a verdict per organ against a constraint set out.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge the cumulative EQD2 composite of two courses against a constraint set.",
        discussion: """
        Per ROI mapped to an organ: α/β used, volume, course-1, course-2 and composite EQD2 D0.03cc, Dmax, Dmean \
        and every metric the protocol names, each constraint's verdict, and the same-region worst case \
        (course-1 D0.03cc + course-2 D0.03cc).

        Exit status:
          0  within: every row of the set judged within (rows of declared-absent organs and rows whose
             interval excludes this patient aside)
          1  exceeds: a limit is exceeded (wins over incompleteness)
          3  incomplete: a row could not be evaluated (no ROI for its organ, metric not evaluable,
             interval unknown), or is only conditionally within because a course's dose grid misses
             part of the ROI where the dose could reach the limit, or nothing was judged
          2  bad input or usage (including inputs of different patients without --allow-patient-mismatch)
        """)

    @OptionGroup var composite: CompositeOptions
    @Option(help: "RTSTRUCT delineated in the course-2 frame.")
    var structures: String
    @Option(name: .customLong("protocol"), help: "Constraint set: a shipped id (see `dosesum protocols`) or a YAML/JSON file.")
    var protocolID: String = "npc-2021"
    @Option(parsing: .unconditional, help: "Months between course 1 and course 2 (for interval-conditioned limits).")
    var intervalMonths: Double?
    @Option(help: ArgumentHelp("Map an ROI to an organ, overriding the automatic matching (repeatable; ORGAN 'none' drops a match).", valueName: "ROI=ORGAN"))
    var map: [String] = []
    @Option(help: "End caps of structures: half (half the contour spacing beyond the first and last plane) or none.")
    var endCap: String = "half"
    @OptionGroup var surface: SurfaceOptions
    @Option(help: ArgumentHelp("An organ deliberately not contoured for this patient (repeatable): its rows become 'absent (declared)' and do not make the check incomplete; every report lists it. A paired organ without side means both sides.", valueName: "ORGAN"))
    var absent: [String] = []
    @Option(help: "Prescription of the re-irradiation course in Gy (physical), for target rows relative to it (GTV Dmin ≥ 98 %); default: TargetPrescriptionDose of --course2-plan.")
    var prescriptionGy: Double?
    @Option(help: ArgumentHelp("Registration scenarios for every verdict's band: sizes (a translation in mm and a rotation in degrees about each patient axis through the centre of course 2's grid), 'none', or a scenario file (one per line: shift X Y Z | rotate RX RY RZ [shift X Y Z] | matrix M11 … M44, optionally 'NAME:' first).", valueName: "2mm,1deg|none|FILE"))
    var setupUncertainty: String = "2mm,1deg"
    @Option(help: "Write the dosesum.check/2 JSON report here.") var json: String?
    @Option(help: "Write one CSV row per organ and constraint here.") var csv: String?
    @Option(help: "Write the self-contained HTML report (verdicts, DVH plots) here.") var html: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        var request = CheckRequest(composite: try composite.request(structures: structures), protocolID: protocolID,
                                   intervalMonths: intervalMonths, maps: try RequestValues.maps(map), endCap: try EndCapOption.parse(endCap),
                                   absentOrgans: try AbsentOption.parse(absent), prescriptionGy: prescriptionGy,
                                   setupUncertainty: try ScenarioSetParser.parse(setupUncertainty))
        request.surface = try surface.model
        request.commandLine = CommandLine.arguments
        let outputs = ReportOutputs(json: json, csv: csv, html: html, labels: OutputOptions.reportLabels)
        try outputs.checkWritable(overwrite: output.force, inputs: request.inputFiles)
        let outcome = try CheckPipeline.run(request)
        print(TextReportRenderer.render(outcome.report), terminator: "")
        try outputs.write(outcome.report, overwrite: output.force)
        switch outcome.status {
        case .within: return
        case .exceeds: throw ExitCode(1)
        case .incomplete: throw ExitCode(3)
        }
    }
}

/// Parses `--absent ORGAN` values (TG-263 names or aliases; a paired organ without side is both sides).
enum AbsentOption {
    static func parse(_ names: [String]) throws -> [Organ] {
        var out: [Organ] = []
        for name in names {
            guard let organs = Organ.organs(named: name) else {
                throw DoseSumError(.usage, "--absent '\(name)' is not an organ of the vocabulary (e.g. BrainStem, SpinalCord, OpticChiasm, OpticNrv_L)")
            }
            out += organs.filter { !out.contains($0) }
        }
        return out
    }
}

/// Parses `--end-cap`.
enum EndCapOption {
    static func parse(_ text: String) throws -> EndCapRule {
        switch text.lowercased() {
        case "half", "halfspacing", "half-spacing": return .halfSpacing
        case "none": return .none
        default: throw DoseSumError(.usage, "--end-cap expects 'half' or 'none', got '\(text)'")
        }
    }
}

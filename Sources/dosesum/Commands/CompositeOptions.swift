import ArgumentParser
import DoseSumKit
import Grids
import RTCore
import RTModel

/// Options shared by `check` and `export`: two courses, their fractionation, the mapping between their
/// frames, and the α/β assignment.
struct CompositeOptions: ParsableArguments {
    @Option(help: "Course-1 RTDOSE file (physical dose, Gy).")
    var course1Dose: String
    @Option(parsing: .unconditional, help: "Number of fractions of course 1.")
    var course1Fractions: Int?
    @Option(help: "Course-1 RTPLAN, to read the number of fractions from.")
    var course1Plan: String?
    @Option(help: "Course-2 RTDOSE file (physical dose, Gy); its frame is the composite's frame.")
    var course2Dose: String
    @Option(parsing: .unconditional, help: "Number of fractions of course 2.")
    var course2Fractions: Int?
    @Option(help: "Course-2 RTPLAN, to read the number of fractions from.")
    var course2Plan: String?

    @Option(help: "DICOM Spatial Registration object relating course 1's frame of reference to course 2's.")
    var registration: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Rigid 4×4 matrix, 16 numbers row-major (comma- or space-separated), mapping course-1 coordinates to course-2 (mm).", valueName: "m11,m12,...,m44"))
    var matrix: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Common grid: auto (course-2 orientation, covering both, finer spacing), course1, course2, union, or a spacing in mm.", valueName: "choice"))
    var grid: String = "auto"

    @Option(name: .customLong("alpha-beta"), help: ArgumentHelp("α/β of one ROI in Gy (repeatable).", valueName: "ROI=GY"))
    var alphaBeta: [String] = []
    @Option(parsing: .unconditional, help: "α/β in Gy for ROIs without their own --alpha-beta (0.01–1000).")
    var defaultAlphaBeta: Double?
    @Option(help: ArgumentHelp("Fraction (0…1) of course-1 EQD2 discounted for recovery, per ROI (repeatable); the undiscounted value is reported too.", valueName: "ROI=FRACTION"))
    var recovery: [String] = []
    @Flag(help: "Accept inputs whose PatientIDs differ (otherwise an error); the override is printed in every report.")
    var allowPatientMismatch = false
    @Flag(help: "Accept a dose whose ReferencedRTPlanSequence names another plan than --courseN-plan (otherwise an error); recorded in every report.")
    var allowPlanMismatch = false
    @OptionGroup var memory: MemoryOptions

    func courseInputs() throws -> [CourseInput] {
        for (n, f) in [(1, course1Fractions), (2, course2Fractions)] {
            if let f, f <= 0 { throw DoseSumError(.usage, "--course\(n)-fractions must be a positive whole number, got \(f)") }
        }
        return [
            CourseInput(label: "course1", dosePath: course1Dose, fractions: course1Fractions, planPath: course1Plan),
            CourseInput(label: "course2", dosePath: course2Dose, fractions: course2Fractions, planPath: course2Plan),
        ]
    }

    func request(structures: String?) throws -> CompositeRequest {
        let parsedMatrix: [Double]? = try matrix.map { text in
            let parts = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            let values = parts.compactMap(Double.init).filter(\.isFinite)
            guard values.count == 16, parts.count == 16 else {
                throw DoseSumError(.usage, "--matrix expects 16 numbers (row-major 4×4, finite), got \(parts.count): '\(text)'")
            }
            if let t = [values[3], values[7], values[11]].first(where: { abs($0) > PhysicalLimits.translationMM }) {
                throw DoseSumError(.usage, "--matrix translates by \(t) mm, expected within ±\(PhysicalLimits.translationMM) mm (two patient positions are never further apart)")
            }
            return values
        }
        if registration != nil && parsedMatrix != nil {
            throw DoseSumError(.usage, "give either --registration or --matrix, not both")
        }
        let gridChoice: GridChoice
        switch grid.lowercased() {
        case "auto", "automatic": gridChoice = .automatic
        case "course1": gridChoice = .course1
        case "course2": gridChoice = .course2
        case "union": gridChoice = .union
        default:
            guard let mm = Double(grid), mm > 0, mm.isFinite else {
                throw DoseSumError(.usage, "--grid expects auto, course1, course2, union or a spacing in mm, got '\(grid)'")
            }
            gridChoice = .spacing(mm)
        }
        if let d = defaultAlphaBeta, !PhysicalLimits.alphaBetaGy.contains(d) {
            throw DoseSumError(.usage, "--default-alpha-beta must be \(PhysicalLimits.alphaBetaGy.lowerBound)…\(PhysicalLimits.alphaBetaGy.upperBound) Gy, got \(d)")
        }
        return CompositeRequest(
            courses: try courseInputs(), structuresPath: structures, registrationPath: registration,
            matrix: parsedMatrix, grid: gridChoice,
            alphaBeta: try AssignmentParser.parseAll(alphaBeta, option: "--alpha-beta", range: PhysicalLimits.alphaBetaGy),
            defaultAlphaBeta: defaultAlphaBeta,
            recovery: try AssignmentParser.parseAll(recovery, option: "--recovery", range: 0...1),
            consistency: ConsistencyPolicy(allowPatientMismatch: allowPatientMismatch, allowPlanMismatch: allowPlanMismatch),
            memoryBudget: try memory.budget)
    }
}

/// `--default-alpha-beta GY`: a number of Gy within `PhysicalLimits.alphaBetaGy`, like `--alpha-beta`.
enum AlphaBetaOption {
    static func parse(_ text: String) throws -> Double {
        guard let v = Double(text), PhysicalLimits.alphaBetaGy.contains(v) else {
            throw DoseSumError(.usage, "--default-alpha-beta must be \(PhysicalLimits.alphaBetaGy.lowerBound)…\(PhysicalLimits.alphaBetaGy.upperBound) Gy, got '\(text)'")
        }
        return v
    }
}

/// `--force` and the rule it guards: outputs never overwrite an existing file without it, and never
/// anything but a regular file (or a symbolic link) even with it; no output may be an input file.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Overwrite existing output files (regular files only; never an input file, folder, FIFO or device).")
    var force = false

    /// How output-check messages name `check`'s report options.
    static let reportLabels = ReportOutputs.Labels(json: "--json", csv: "--csv", html: "--html")
}

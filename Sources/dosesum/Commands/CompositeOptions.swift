import ArgumentParser
import DoseSumKit
import Grids
import RTCore
import RTModel

/// Options shared by `check` and `export`: the courses (two with `--course1-*`/`--course2-*`, or any
/// number with `--course`), their fractionation, the mapping between their frames, and the α/β assignment.
struct CompositeOptions: ParsableArguments {
    @Option(name: .customLong("course"), help: ArgumentHelp("One course, in treatment order (repeat: two or more; the last one's frame is the composite's): its RTDOSE, then plan=RTPLAN or fractions=N, and for an earlier course registration=REG or matrix=M11;…;M44 mapping it to the last course's frame. Instead of the --course1-*/--course2-* options.", valueName: "DOSE,plan=RP|fractions=N[,registration=REG|matrix=…]"))
    var course: [String] = []
    @Option(help: "Course-1 RTDOSE file (physical dose, Gy).")
    var course1Dose: String?
    @Option(parsing: .unconditional, help: "Number of fractions of course 1.")
    var course1Fractions: Int?
    @Option(help: "Course-1 RTPLAN, to read the number of fractions from.")
    var course1Plan: String?
    @Option(help: "Course-2 RTDOSE file (physical dose, Gy); its frame is the composite's frame.")
    var course2Dose: String?
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
    @Option(help: ArgumentHelp("Recovery of one ROI (repeatable): ROI=FRACTION discounts that fraction (0…1) of every earlier course's EQD2; ROI=FRACTION@K,… gives earlier course K (1 = the first) its own fraction, unlisted courses undiscounted. The last course is never discounted; the undiscounted value is reported too.", valueName: "ROI=FRACTION|ROI=FRACTION@K,…"))
    var recovery: [String] = []
    @Flag(help: "Accept inputs whose PatientIDs differ (otherwise an error); the override is printed in every report.")
    var allowPatientMismatch = false
    @Flag(help: "Accept a dose whose ReferencedRTPlanSequence names another plan than --courseN-plan (otherwise an error); recorded in every report.")
    var allowPlanMismatch = false
    @OptionGroup var memory: MemoryOptions

    func courseInputs() throws -> [CourseInput] {
        let twoCourseOptions = [course1Dose, course1Plan, course2Dose, course2Plan].contains { $0 != nil }
            || course1Fractions != nil || course2Fractions != nil
        if !course.isEmpty {
            guard !twoCourseOptions else { throw DoseSumError(.usage, "--course lists every course; do not mix it with --course1-*/--course2-* options") }
            guard course.count >= 2 else { throw DoseSumError(.usage, "--course: a composite needs two or more courses, got \(course.count)") }
            guard registration == nil || course.count == 2 else {
                throw DoseSumError(.usage, "--registration maps course 1 of two; with more courses give registration= in each --course")
            }
            return try course.enumerated().map { try RequestValues.course($0.element, label: "course\($0.offset + 1)") }
        }
        guard let course1Dose else { throw DoseSumError(.usage, "give --course1-dose and --course2-dose, or --course for each course") }
        guard let course2Dose else { throw DoseSumError(.usage, "give --course2-dose (the course whose frame is the composite's), or --course for each course") }
        for (n, f) in [(1, course1Fractions), (2, course2Fractions)] {
            if let f, f <= 0 { throw DoseSumError(.usage, "--course\(n)-fractions must be a positive whole number, got \(f)") }
        }
        return [
            CourseInput(label: "course1", dosePath: course1Dose, fractions: course1Fractions, planPath: course1Plan),
            CourseInput(label: "course2", dosePath: course2Dose, fractions: course2Fractions, planPath: course2Plan),
        ]
    }

    func request(structures: String?) throws -> CompositeRequest {
        let mapping = try RequestValues.courseMapping(registration: registration, matrix: matrix)
        let gridChoice = try RequestValues.grid(grid)
        let defaultAB = try defaultAlphaBeta.map { try RequestValues.alphaBeta($0) }
        let courses = try courseInputs()
        return CompositeRequest(
            courses: courses, structuresPath: structures, registrationPath: mapping.registration,
            matrix: mapping.matrix, grid: gridChoice,
            alphaBeta: try RequestValues.alphaBetas(alphaBeta), defaultAlphaBeta: defaultAB,
            recovery: try RequestValues.recoveries(recovery, courses: courses.count),
            consistency: ConsistencyPolicy(allowPatientMismatch: allowPatientMismatch, allowPlanMismatch: allowPlanMismatch),
            memoryBudget: try memory.budget)
    }
}

/// `--default-alpha-beta GY` as an option transform: `RequestValues.alphaBeta`'s rule. ArgumentParser
/// names the option itself, so the error carries only the message.
enum AlphaBetaOption {
    static func parse(_ text: String) throws -> Double {
        guard let v = Double(text) else { throw DoseSumError(.usage, "expected a number of Gy, got '\(text)'") }
        do { return try RequestValues.alphaBeta(v) } catch let e as DoseSumError { throw DoseSumError(.usage, e.message) }
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

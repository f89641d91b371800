import Foundation
import Grids
import Radiobiology
import RTCore
import RTModel

/// One treatment course as the user names it: an RTDOSE file and its fraction count, given directly or
/// read from the RTPLAN; for an earlier course, optionally its own mapping to the last course's frame.
public struct CourseInput: Sendable, Hashable, Codable {
    public var label: String
    public var dosePath: String
    public var fractions: Int?
    public var planPath: String?
    /// A Spatial Registration relating this course's frame to the last course's (earlier courses only).
    public var registrationPath: String?
    /// 16 numbers, row-major, mapping this course's coordinates (mm) to the last course's.
    public var matrix: [Double]?
    public init(label: String, dosePath: String, fractions: Int? = nil, planPath: String? = nil,
                registrationPath: String? = nil, matrix: [Double]? = nil) {
        self.label = label; self.dosePath = dosePath; self.fractions = fractions; self.planPath = planPath
        self.registrationPath = registrationPath; self.matrix = matrix
    }
}

/// How the common grid of the composite is chosen (see `CommonGridPolicy`).
public enum GridChoice: Sendable, Hashable, Codable {
    /// Course-2 orientation covering both courses' dose, at the finer spacing per axis (default).
    case automatic
    case course1, course2, union
    /// Course-2 orientation covering both courses, at this spacing (mm).
    case spacing(Double)

    /// The choice in words, for reports: "automatic", "course1", "course2", "union", "1.5 mm".
    public var words: String {
        switch self {
        case .automatic: "automatic"
        case .course1: "course1"
        case .course2: "course2"
        case .union: "union"
        case .spacing(let mm): "\(mm) mm"
        }
    }
}

/// Everything needed to build a cumulative EQD2 composite from several courses.
public struct CompositeRequest: Sendable, Hashable, Codable {
    /// Courses in treatment order (two or more); the last one's frame is the composite's frame.
    public var courses: [CourseInput]
    public var structuresPath: String?
    /// A DICOM Spatial Registration object relating course 1's frame to the last course's (when
    /// course 1 does not name its own, `CourseInput.registrationPath`).
    public var registrationPath: String?
    /// 16 numbers, row-major, mapping course-1 patient coordinates (mm) to the last course's.
    public var matrix: [Double]?
    public var grid: GridChoice
    /// α/β per ROI name (Gy).
    public var alphaBeta: [String: Double]
    /// α/β for ROIs not named in `alphaBeta` (Gy); nil means every evaluated ROI must be named.
    public var defaultAlphaBeta: Double?
    /// Recovery factors per ROI name: per earlier course, the fraction (0…1) of its EQD2 discounted
    /// (`RequestValues.recoveries`).
    public var recovery: [String: RecoveryFactors]
    /// Input consistency checks the user overrode (default: none; every mismatch is an error).
    public var consistency: ConsistencyPolicy
    /// The most memory the large allocations of this request may take (not encoded: it does not
    /// change the result, so it is no part of a batch patient's fingerprint).
    public var memoryBudget: MemoryBudget = .default

    enum CodingKeys: String, CodingKey {
        case courses, structuresPath, registrationPath, matrix, grid, alphaBeta, defaultAlphaBeta, recovery, consistency
    }

    public init(courses: [CourseInput], structuresPath: String? = nil, registrationPath: String? = nil,
                matrix: [Double]? = nil, grid: GridChoice = .automatic, alphaBeta: [String: Double] = [:],
                defaultAlphaBeta: Double? = nil, recovery: [String: RecoveryFactors] = [:], consistency: ConsistencyPolicy = .strict,
                memoryBudget: MemoryBudget = .default) {
        self.courses = courses; self.structuresPath = structuresPath; self.registrationPath = registrationPath
        self.matrix = matrix; self.grid = grid; self.alphaBeta = alphaBeta; self.defaultAlphaBeta = defaultAlphaBeta
        self.recovery = recovery; self.consistency = consistency; self.memoryBudget = memoryBudget
    }

    /// How earlier course `n` maps to the last course's frame: its own registration or matrix, else
    /// (course 1) the request's; neither means the frames must be shared.
    public func mapping(ofCourse n: Int) -> (registrationPath: String?, matrix: [Double]?) {
        let c = courses[n]
        if c.registrationPath != nil || c.matrix != nil { return (c.registrationPath, c.matrix) }
        return n == 0 ? (registrationPath, matrix) : (nil, nil)
    }

    /// Every registration file the request names (course order, no repeats).
    public var registrationPaths: [String] {
        var out: [String] = []
        for n in courses.indices.dropLast() { if let p = mapping(ofCourse: n).registrationPath, !out.contains(p) { out.append(p) } }
        return out
    }
}

extension Array where Element == CourseInput {
    /// Refuses a dose file given for two courses (paths compared after standardising them and
    /// resolving symbolic links), naming both courses by `role(index)`: a course is given once.
    public func requireDistinctDoses(role: (Int) -> String) throws {
        var seen: [String: Int] = [:]
        for (n, course) in enumerated() {
            let key = URL(fileURLWithPath: course.dosePath).standardizedFileURL.resolvingSymlinksInPath().path
            if let first = seen[key] {
                throw DoseSumError(.usage, "\(role(n)) and \(role(first)) name the same dose file \(course.dosePath); a course is given once",
                                   file: course.dosePath)
            }
            seen[key] = n
        }
    }
}

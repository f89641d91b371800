import Grids
import Radiobiology
import RTCore

/// The request values the command line and batch manifests share, parsed once at the edge into typed
/// values by one set of rules. Each error is a `DoseSumError(.usage)` whose `field` names the value
/// (`RequestField`): the command line spells it as its flag, a manifest as its column with the row.
public enum RequestValues {
    /// `ROI=GY` items: each ROI's α/β (Gy, within `PhysicalLimits.alphaBetaGy`); an ROI named twice is an error.
    public static func alphaBetas(_ items: [String]) throws -> [String: Double] {
        try assignments(items, field: .alphaBeta, range: PhysicalLimits.alphaBetaGy)
    }

    /// Recovery factors per ROI among `courses` courses (the last one being the course judged or
    /// planned, never discounted), each item one of
    /// - `ROI=FRACTION`: the share (0…1) of **every** earlier course's EQD2 recovered;
    /// - `ROI=FRACTION@K,FRACTION@K,…`: a share per earlier course K (1 = the first course, in treatment
    ///   order, up to `courses` − 1); an earlier course not listed is not discounted.
    /// Errors (`RequestField.recovery`): an ROI named twice, a course named twice in one item, a factor
    /// outside 0…1, a course number that does not exist or is the last course, a malformed item.
    public static func recoveries(_ items: [String], courses: Int) throws -> [String: RecoveryFactors] {
        let field = RequestField.recovery
        var out: [String: RecoveryFactors] = [:]
        for (name, valueText, text) in try namedItems(items, field: field, expected: "ROI=FRACTION or ROI=FRACTION@COURSE,…") {
            guard valueText.contains("@") else { out[name] = RecoveryFactors(try number(valueText, in: text, field: field, range: 0...1)); continue }
            var byCourse: [Int: Double] = [:]
            for part in valueText.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let pieces = part.split(separator: "@", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, let k = Int(pieces[1]) else {
                    throw DoseSumError(.usage, "'\(text)': '\(part)' is not FRACTION@COURSE (e.g. 0.5@1); give one factor for every earlier course, or FRACTION@COURSE items only", field: field)
                }
                let r = try number(pieces[0], in: text, field: field, range: 0...1)
                guard k != courses else {
                    throw DoseSumError(.usage, "'\(text)': course \(k) is the last course (the one judged or planned), which is never discounted; earlier courses are 1…\(courses - 1)", field: field)
                }
                guard (1..<courses).contains(k) else {
                    throw DoseSumError(.usage, "'\(text)': there is no course \(k): the earlier courses are 1…\(courses - 1) of \(courses)", field: field)
                }
                guard byCourse[k] == nil else { throw DoseSumError(.usage, "'\(text)': names course \(k) twice", field: field) }
                byCourse[k] = r
            }
            out[name] = RecoveryFactors(byCourse: byCourse)
        }
        return out
    }

    /// One α/β (Gy) within `PhysicalLimits.alphaBetaGy`, e.g. the default α/β.
    public static func alphaBeta(_ value: Double, field: RequestField = .defaultAlphaBeta) throws -> Double {
        guard PhysicalLimits.alphaBetaGy.contains(value) else {
            throw DoseSumError(.usage, "must be \(PhysicalLimits.alphaBetaGy.lowerBound)…\(PhysicalLimits.alphaBetaGy.upperBound) Gy, got \(value)", field: field)
        }
        return value
    }

    /// `NAME=NUMBER` items (the name may contain spaces; `=` is split at the last occurrence), each
    /// number finite and within `range`.
    public static func assignments(_ items: [String], field: RequestField, range: ClosedRange<Double>) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, valueText, text) in try namedItems(items, field: field, expected: "ROI=NUMBER") {
            out[name] = try number(valueText, in: text, field: field, range: range)
        }
        return out
    }

    /// `NAME=VALUE` items split at the last `=` (names and values trimmed): (name, value, the item);
    /// an item without `=`, an empty name or a name given twice is an error naming `field`.
    static func namedItems(_ items: [String], field: RequestField, expected: String) throws -> [(name: String, value: String, text: String)] {
        var seen: Set<String> = []
        return try items.map { text in
            guard let eq = text.lastIndex(of: "=") else { throw DoseSumError(.usage, "expects \(expected), got '\(text)'", field: field) }
            let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw DoseSumError(.usage, "'\(text)': the ROI name is empty", field: field) }
            guard seen.insert(name).inserted else { throw DoseSumError(.usage, "names ROI '\(name)' twice", field: field) }
            return (name, value, text)
        }
    }

    /// A finite number within `range`, from `valueText` (part of the item `text`, which errors quote).
    static func number(_ valueText: String, in text: String, field: RequestField, range: ClosedRange<Double>) throws -> Double {
        guard let v = Double(valueText), v.isFinite else {
            throw DoseSumError(.usage, "'\(text)': '\(valueText)' is not a number (use '.' as decimal point)", field: field)
        }
        guard range.contains(v) else {
            throw DoseSumError(.usage, "'\(text)': \(v) is outside \(range.lowerBound)…\(range.upperBound)", field: field)
        }
        return v
    }

    /// A rigid 4×4 matrix (mm), 16 finite numbers row-major separated by commas, spaces or `;`, whose
    /// translation is within `PhysicalLimits.translationMM`.
    public static func matrix(_ text: String) throws -> [Double] {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
        let values = parts.compactMap(Double.init).filter(\.isFinite)
        guard values.count == 16, parts.count == 16 else {
            throw DoseSumError(.usage, "expects 16 numbers (row-major 4×4, finite), got \(parts.count): '\(text)'", field: .matrix)
        }
        if let t = [values[3], values[7], values[11]].first(where: { abs($0) > PhysicalLimits.translationMM }) {
            throw DoseSumError(.usage, "translates by \(t) mm, expected within ±\(PhysicalLimits.translationMM) mm (two patient positions are never further apart)",
                               field: .matrix)
        }
        return values
    }

    /// How course 1 is mapped to course 2's frame: a registration file, a matrix (`matrix(_:)`), or
    /// neither (shared frame of reference); both at once is an error.
    public static func courseMapping(registration: String?, matrix text: String?) throws -> (registration: String?, matrix: [Double]?) {
        let m = try text.map(matrix)
        guard registration == nil || m == nil else {
            throw DoseSumError(.usage, "give either a registration or a matrix, not both", field: .matrix)
        }
        return (registration, m)
    }

    /// One course as `DOSE[,plan=RTPLAN][,fractions=N][,registration=REG][,matrix=M11 … M44]`: the
    /// dose file first, then `key=value` items (a matrix's numbers separated by spaces or `;`). An
    /// earlier course's registration or matrix maps it to the last course's frame.
    public static func course(_ text: String, label: String) throws -> CourseInput {
        let field = RequestField("course")
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let dose = parts.first, !dose.isEmpty, !dose.contains("=") else {
            throw DoseSumError(.usage, "'\(text)': expected the dose file first, then plan=, fractions=, registration= or matrix= items", field: field)
        }
        var course = CourseInput(label: label, dosePath: dose)
        var seen: Set<String> = []
        for item in parts.dropFirst() {
            guard let eq = item.firstIndex(of: "="), !item[item.index(after: eq)...].isEmpty else {
                throw DoseSumError(.usage, "'\(text)': '\(item)' is not a key=value item (plan, fractions, registration, matrix)", field: field)
            }
            let key = item[..<eq].lowercased(), value = String(item[item.index(after: eq)...])
            guard seen.insert(key).inserted else { throw DoseSumError(.usage, "'\(text)': '\(key)' given twice", field: field) }
            switch key {
            case "plan": course.planPath = value
            case "fractions":
                guard let n = Int(value), n > 0 else {
                    throw DoseSumError(.usage, "'\(text)': fractions must be a positive whole number, got '\(value)'", field: field)
                }
                course.fractions = n
            case "registration": course.registrationPath = value
            case "matrix":
                do { course.matrix = try matrix(value) } catch let e as DoseSumError {
                    throw DoseSumError(.usage, "'\(text)': matrix \(e.message)", field: field)
                }
            default:
                throw DoseSumError(.usage, "'\(text)': unknown item '\(key)' (expected plan, fractions, registration or matrix)", field: field)
            }
        }
        guard course.registrationPath == nil || course.matrix == nil else {
            throw DoseSumError(.usage, "'\(text)': give either a registration or a matrix, not both", field: field)
        }
        guard course.fractions != nil || course.planPath != nil else {
            throw DoseSumError(.usage, "'\(text)': give fractions=N or plan=RTPLAN (the number of fractions is needed for EQD2)", field: field)
        }
        return course
    }

    /// `ROI=ORGAN` (or `ROI=none`) items: the ROI→organ overrides (`ROIOverride.parse`); an ROI named
    /// twice is an error. Whether the ROI and organ exist is checked against the files later.
    public static func maps(_ items: [String]) throws -> [ROIOverride] {
        let out = try items.map(ROIOverride.parse)
        var seen: Set<String> = []
        for o in out where !seen.insert(o.roiName).inserted {
            throw DoseSumError(.usage, "maps ROI '\(o.roiName)' twice", field: .map)
        }
        return out
    }

    /// `auto`, `course1`, `course2`, `union` or a spacing in mm (> 0).
    public static func grid(_ text: String) throws -> GridChoice {
        switch text.lowercased() {
        case "auto", "automatic": return .automatic
        case "course1": return .course1
        case "course2": return .course2
        case "union": return .union
        default:
            guard let mm = Double(text), mm > 0, mm.isFinite else {
                throw DoseSumError(.usage, "expects auto, course1, course2, union or a spacing in mm, got '\(text)'", field: .grid)
            }
            return .spacing(mm)
        }
    }
}

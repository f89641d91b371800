import CompositeDose
import Constraints
import Foundation
import Masks
import RTCore
import RTModel

/// Turns one manifest row into a `CheckRequest`, naming the manifest, row and field in every error.
struct BatchRequestBuilder {
    var row: BatchManifestRow
    var file: String
    var folder: URL

    func fail(_ field: String, _ what: String) -> DoseSumError {
        let who = row.values["id"].map { " (id '\($0)')" } ?? ""
        return DoseSumError(.usage, "\(row.location)\(who): field '\(field)': \(what)", file: file)
    }

    /// Runs a shared value parser (`RequestValues`), naming this row and the field in its error.
    func parsing<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DoseSumError where e.kind == .usage && e.file == nil {
            throw fail(e.field?.key ?? field, e.message)
        }
    }

    func required(_ field: String) throws -> String {
        guard let v = row.values[field] else { throw fail(field, "is required but missing or empty") }
        return v
    }

    /// Absolute paths stay; relative ones are taken from the manifest's folder.
    func path(_ text: String) -> String {
        text.hasPrefix("/") ? text : folder.appendingPathComponent(text).standardized.path
    }

    func fractions(_ field: String) throws -> Int? {
        guard let t = row.values[field] else { return nil }
        guard let n = Int(t), n > 0 else { throw fail(field, "expected a positive whole number of fractions, got '\(t)'") }
        return n
    }

    func number(_ field: String, positive: Bool) throws -> Double? {
        guard let t = row.values[field] else { return nil }
        guard let v = Double(t), v.isFinite, positive ? v > 0 : v >= 0 else {
            throw fail(field, "expected a number \(positive ? "> 0" : "≥ 0"), got '\(t)'")
        }
        return v
    }

    /// A number of Gy within `PhysicalLimits.alphaBetaGy` (`RequestValues.alphaBeta`).
    func alphaBeta(_ field: String) throws -> Double? {
        guard let v = try number(field, positive: true) else { return nil }
        return try parsing(field) { try RequestValues.alphaBeta(v, field: RequestField(field)) }
    }

    /// The `;`-separated items of a field (`A=1;B=2`), empty when the field is absent.
    func items(_ field: String) -> [String] {
        (row.values[field] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `true`/`false` (also yes/no, 1/0); absent is false.
    func flag(_ field: String) throws -> Bool {
        guard let t = row.values[field] else { return false }
        switch t.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw fail(field, "expected true or false, got '\(t)'")
        }
    }

    /// `ORGAN;ORGAN` (TG-263 names or aliases; a paired organ without side is both sides).
    func absentOrgans() throws -> [Organ] {
        guard let t = row.values["absent"] else { return [] }
        var out: [Organ] = []
        for name in t.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let organs = Organ.organs(named: name) else { throw fail("absent", "'\(name)' is not an organ of the vocabulary") }
            out += organs.filter { !out.contains($0) }
        }
        return out
    }

    /// `2mm,1deg` (default), `none`, or a scenario file (relative to the manifest's folder).
    func setupUncertainty() throws -> ScenarioSet {
        guard let t = row.values["setup_uncertainty"] else { return .default }
        do { return try ScenarioSetParser.parse(t, relativeTo: folder) } catch let e as DoseSumError {
            // a scenario file's own error names the file, line and field
            if let f = e.file { throw DoseSumError(.usage, "\(row.location): field 'setup_uncertainty': \(f): \(e.message)", file: file) }
            throw fail("setup_uncertainty", e.message)
        }
    }

    func course(_ n: Int) throws -> CourseInput {
        let dose = try required("course\(n)_dose")
        let fx = try fractions("course\(n)_fractions")
        let plan = row.values["course\(n)_plan"].map(path)
        guard fx != nil || plan != nil else {
            throw fail("course\(n)_fractions", "give course\(n)_fractions or course\(n)_plan (the number of fractions is needed for EQD2)")
        }
        var course = CourseInput(label: "course\(n)", dosePath: path(dose), fractions: fx, planPath: plan)
        if n >= 2 {
            let mapping = try parsing("course\(n)_matrix") {
                try RequestValues.courseMapping(registration: row.values["course\(n)_registration"].map(path), matrix: row.values["course\(n)_matrix"])
            }
            course.registrationPath = mapping.registration; course.matrix = mapping.matrix
        }
        return course
    }

    func patient(index: Int) throws -> BatchPatient {
        let id = try required("id")
        let structures = try required("structures")
        let count = (3...BatchManifest.maximumCourses).last { row.values["course\($0)_dose"] != nil } ?? 2
        if let gap = stride(from: 3, to: count, by: 1).first(where: { row.values["course\($0)_dose"] == nil }) {
            throw fail("course\(gap)_dose", "is missing while course\(count)_dose is given: courses are numbered in treatment order without gaps")
        }
        for k in stride(from: count + 1, through: BatchManifest.maximumCourses, by: 1) {
            for suffix in ["fractions", "plan", "registration", "matrix"] where row.values["course\(k)_\(suffix)"] != nil {
                throw fail("course\(k)_\(suffix)", "is given but course\(k)_dose is not")
            }
        }
        let courses = try (1...count).map { try course($0) }
        let mapping = try parsing("matrix") {
            try RequestValues.courseMapping(registration: row.values["registration"].map(path), matrix: row.values["matrix"])
        }
        var protocolID = row.values["protocol"] ?? ConstraintLibrary.defaultID
        let lower = protocolID.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") { protocolID = path(protocolID) }
        let maps = try parsing("map") { try RequestValues.maps(items("map")) }
        let composite = CompositeRequest(
            courses: courses, structuresPath: path(structures), registrationPath: mapping.registration, matrix: mapping.matrix,
            alphaBeta: try parsing("alpha_beta") { try RequestValues.alphaBetas(items("alpha_beta")) },
            defaultAlphaBeta: try alphaBeta("default_alpha_beta"),
            recovery: try parsing("recovery") { try RequestValues.recoveries(items("recovery"), courses: courses.count) },
            consistency: ConsistencyPolicy(allowPatientMismatch: try flag("allow_patient_mismatch"),
                                           allowPlanMismatch: try flag("allow_plan_mismatch")))
        var request = CheckRequest(composite: composite, protocolID: protocolID,
                                   intervalMonths: try number("interval_months", positive: false), maps: maps,
                                   absentOrgans: try absentOrgans(), prescriptionGy: try number("prescription_gy", positive: true),
                                   setupUncertainty: try setupUncertainty())
        if let text = row.values["surface"] {
            guard let model = SurfaceModel(rawValue: text.lowercased()) else { throw fail("surface", "expected 'slab' or 'smooth', got '\(text)'") }
            request.surface = model
        }
        return BatchPatient(index: index, id: id, location: row.location, request: request)
    }
}

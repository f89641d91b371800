import CompositeDose
import Foundation
import RTCore

/// A batch manifest: the patients `dosesum batch` checks, read strictly from a CSV file (header row,
/// one patient per row) or a YAML list (one mapping per patient).
///
/// Fields (`BatchManifest.fields`): `id`, `course1_dose`, `course1_fractions` and/or `course1_plan`,
/// `course2_dose`, `course2_fractions` and/or `course2_plan`, `structures` are required; `registration`,
/// `matrix` (16 numbers, row-major, course-1 → course-2 LPS mm), `interval_months`, `protocol` (shipped id
/// or .yaml/.json file), `alpha_beta` (`ROI=GY;ROI=GY`), `default_alpha_beta` (Gy), `recovery`
/// (`ROI=FRACTION;…` for every earlier course, or `ROI=FRACTION@K,FRACTION@K;…` per earlier course K:
/// `RequestValues.recoveries`, checked against the row's course count), `map` (`ROI=ORGAN;…`), `absent` (`ORGAN;ORGAN`: organs declared not contoured),
/// `allow_patient_mismatch` and `allow_plan_mismatch` (`true`/`false`), `setup_uncertainty` (`2mm,1deg`
/// (default), `none`, or a scenario file: see `ScenarioSetParser`) are optional. More courses (up to
/// `maximumCourses`): `course3_dose` with `course3_fractions` and/or `course3_plan`, and so on, in
/// treatment order, the highest number being the course whose frame is the composite's; an earlier
/// course K ≥ 2 maps to it by `courseK_registration` or `courseK_matrix` (course 1 by `registration` or
/// `matrix`). `surface` (`slab` (default) or `smooth`) is optional too. Empty cells count as absent. Relative paths
/// are relative to the manifest's folder. Unknown fields, duplicate ids (also after sanitising them for
/// folder names, compared case-insensitively) and missing or malformed required fields are errors
/// naming the manifest, the row and the field, raised before anything runs.
public struct BatchManifest: Sendable {
    public var path: String
    public var patients: [BatchPatient]
    /// `fnv1a64:…` of the manifest's bytes; shard summaries of one batch must agree on it.
    public var fingerprint: String

    public static let requiredFields = ["id", "course1_dose", "course2_dose", "structures"]
    public static let optionalFields = ["course1_fractions", "course1_plan", "course2_fractions", "course2_plan",
                                        "registration", "matrix", "interval_months", "protocol", "alpha_beta",
                                        "default_alpha_beta", "recovery", "map", "absent", "prescription_gy", "allow_patient_mismatch",
                                        "allow_plan_mismatch", "setup_uncertainty", "surface"]
    /// Most courses one manifest row may hold.
    public static let maximumCourses = 9
    /// Fields of courses beyond two, and the mappings of courses 2… to the last one.
    public static let laterCourseFields: [String] = (3...maximumCourses).flatMap { ["course\($0)_dose", "course\($0)_fractions", "course\($0)_plan"] }
        + (2..<maximumCourses).flatMap { ["course\($0)_registration", "course\($0)_matrix"] }
    public static var fields: [String] { requiredFields + optionalFields + laterCourseFields }

    public init(path: String, patients: [BatchPatient], fingerprint: String) {
        self.path = path; self.patients = patients; self.fingerprint = fingerprint
    }

    /// Reads a `.csv`, `.yaml` or `.yml` manifest.
    public static func load(_ path: String) throws -> BatchManifest {
        try InputFile.requireRegularFile(path, expected: "a batch manifest (.csv, .yaml or .yml)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DoseSumError(.io, "cannot read the batch manifest (missing or unreadable)", file: path)
        }
        try BatchManifestLimits.checkSize(data, file: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DoseSumError(.usage, "the batch manifest is not UTF-8 text", file: path)
        }
        let lower = path.lowercased()
        let rows: [BatchManifestRow]
        if lower.hasSuffix(".csv") {
            rows = try BatchManifestRow.fromCSV(text, file: path)
        } else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            rows = try BatchManifestRow.fromYAML(text, file: path)
        } else {
            throw DoseSumError(.usage, "a batch manifest must be a .csv, .yaml or .yml file", file: path)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try build(rows: rows, file: path, folder: folder, fingerprint: Fingerprint.fnv1a64(data))
    }

    static func build(rows: [BatchManifestRow], file: String, folder: URL, fingerprint: String) throws -> BatchManifest {
        guard !rows.isEmpty else { throw DoseSumError(.usage, "the batch manifest lists no patients", file: file) }
        var patients: [BatchPatient] = []
        var ids: [String: String] = [:], folders: [String: String] = [:]
        for row in rows {
            if let id = row.values["id"] { try BatchManifestLimits.checkID(id, location: row.location, file: file) }
        }
        for (index, row) in rows.enumerated() {
            let patient = try BatchRequestBuilder(row: row, file: file, folder: folder).patient(index: index)
            if let first = ids[patient.id] {
                throw DoseSumError(.usage, "\(row.location): field 'id': '\(patient.id)' is used twice (first at \(first))", file: file)
            }
            let key = patient.folderName.lowercased()
            if let first = folders[key] {
                throw DoseSumError(.usage, "\(row.location): field 'id': '\(patient.id)' gives the same report folder '\(patient.folderName)' as the patient at \(first); make the ids differ in letters or digits", file: file)
            }
            ids[patient.id] = row.location; folders[key] = row.location
            patients.append(patient)
        }
        return BatchManifest(path: file, patients: patients, fingerprint: fingerprint)
    }
}

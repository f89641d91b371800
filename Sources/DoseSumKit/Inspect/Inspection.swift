import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel

/// What `dosesum inspect FILE` reports about one DICOM-RT file; JSON schema "dosesum.inspect/1".
///
/// JSON fields (snake_case; absent fields are omitted):
/// - always: `schema`, `path`, `modality`, `sop_instance_uid`, `frame_of_reference_uid`, `patient_id`, `diagnostics`
/// - RTDOSE: `rows`, `columns`, `frames`, `pixel_spacing_mm` [row, column], `image_position_mm` [x, y, z] (LPS),
///   `image_orientation` [6 cosines], `frame_offsets_mm` (as stored), `dose_grid_scaling`, `bits_allocated`,
///   `dose_units`, `dose_type`, `dose_summation_type`, `referenced_plan_uids`, `transfer_syntax_uid`,
///   `max_dose_gy` (only for GY doses with pixel data), `max_dose_relative` (RELATIVE doses), `has_pixel_data`
/// - RTSTRUCT: `rois` [{`number`, `name`, `interpreted_type`, `contours`, `points`}]
/// - RTPLAN: `fractions` (nil when fraction groups differ), `fraction_groups`, `prescription_gy`, `label`
/// - REG: `matrices` [{`frame_of_reference_uid`, `matrix` (16 numbers, row-major, mm)}]
public struct FileInspection: Codable, Sendable {
    public struct ROIEntry: Codable, Sendable, Equatable {
        public var number: Int
        public var name: String
        public var interpretedType: String
        public var contours: Int
        public var points: Int
    }
    public struct MatrixEntry: Codable, Sendable {
        public var frameOfReferenceUID: String
        public var matrix: [Double]
    }

    public var schema = "dosesum.inspect/1"
    public var path: String
    public var modality: String
    public var sopInstanceUID: String?
    public var frameOfReferenceUID: String?
    public var patientID: String?
    // RTDOSE
    public var rows: Int?
    public var columns: Int?
    public var frames: Int?
    public var pixelSpacingMM: [Double]?
    public var imagePositionMM: [Double]?
    public var imageOrientation: [Double]?
    public var frameOffsetsMM: [Double]?
    public var doseGridScaling: Double?
    public var bitsAllocated: Int?
    public var doseUnits: String?
    public var doseType: String?
    public var doseSummationType: String?
    public var referencedPlanUIDs: [String]?
    public var transferSyntaxUID: String?
    public var hasPixelData: Bool?
    public var maxDoseGy: Double?
    public var maxDoseRelative: Double?
    // RTSTRUCT
    public var rois: [ROIEntry]?
    // RTPLAN
    public var fractions: Int?
    public var fractionGroups: [Int]?
    public var prescriptionGy: Double?
    public var label: String?
    // REG
    public var matrices: [MatrixEntry]?
    public var diagnostics: [Diagnostic] = []

    enum CodingKeys: String, CodingKey {
        case schema, path, modality, rows, columns, frames, rois, fractions, label, matrices, diagnostics
        case sopInstanceUID = "sop_instance_uid", frameOfReferenceUID = "frame_of_reference_uid", patientID = "patient_id"
        case pixelSpacingMM = "pixel_spacing_mm", imagePositionMM = "image_position_mm", imageOrientation = "image_orientation"
        case frameOffsetsMM = "frame_offsets_mm", doseGridScaling = "dose_grid_scaling", bitsAllocated = "bits_allocated"
        case doseUnits = "dose_units", doseType = "dose_type", doseSummationType = "dose_summation_type"
        case referencedPlanUIDs = "referenced_plan_uids", transferSyntaxUID = "transfer_syntax_uid"
        case hasPixelData = "has_pixel_data", maxDoseGy = "max_dose_gy", maxDoseRelative = "max_dose_relative"
        case fractionGroups = "fraction_groups", prescriptionGy = "prescription_gy"
    }

    /// Reads `path` (RTDOSE, RTSTRUCT, RTPLAN or REG). Header-only doses (empty PixelData) are
    /// inspected without a maximum and with a warning. Throws `DoseSumError` for unreadable files.
    public init(path: String, budget: MemoryBudget = .default) throws {
        self.path = path
        switch try DICOMReader.readAny(at: path, budget: budget) {
        case let .dose(dose, info):
            modality = "RTDOSE"
            sopInstanceUID = info.sopInstance.rawValue
            frameOfReferenceUID = info.frameOfReference.rawValue
            patientID = info.patient.id
            rows = info.rows; columns = info.columns; frames = info.frames
            pixelSpacingMM = info.pixelSpacing; imagePositionMM = info.imagePosition; imageOrientation = info.imageOrientation
            frameOffsetsMM = info.frameOffsets; doseGridScaling = info.doseGridScaling; bitsAllocated = info.bitsAllocated
            doseUnits = info.doseUnits; doseType = info.doseType; doseSummationType = info.summationType.rawValue
            referencedPlanUIDs = info.referencedPlans.map(\.rawValue); transferSyntaxUID = info.transferSyntaxUID
            hasPixelData = dose != nil
            diagnostics = info.diagnostics
            if let dose {
                // Shortest decimal form of the Float maximum (33.84002, not 33.84001922607422).
                let m = Double("\(dose.grid.maximum)") ?? Double(dose.grid.maximum)
                if dose.units == .gray { maxDoseGy = m } else { maxDoseRelative = m }
                if let d = DoseTraps.fractionLabelledPlanTotal(summationType: info.summationType, maxDose: m, plan: nil, subject: path),
                   dose.units == .gray {
                    diagnostics.append(d)
                }
            } else {
                diagnostics.append(Diagnostic(.warning, code: "dose.no-pixel-data",
                    "PixelData is empty: header only, the dose cannot be used", subject: path))
            }
        case let .structureSet(s):
            modality = "RTSTRUCT"
            sopInstanceUID = s.sopInstanceUID.rawValue
            frameOfReferenceUID = s.frameOfReference.rawValue
            patientID = s.patient.id
            label = s.label
            diagnostics = s.diagnostics
            rois = s.rois.map {
                ROIEntry(number: $0.number.rawValue, name: $0.name, interpretedType: $0.interpretedType,
                         contours: $0.contours.count, points: $0.pointCount)
            }
        case let .plan(p):
            modality = "RTPLAN"
            sopInstanceUID = p.sopInstanceUID.rawValue
            label = p.label
            fractions = p.fractions
            fractionGroups = p.fractionGroups.map(\.fractionsPlanned)
            prescriptionGy = p.prescriptionDose?.value
        case let .registration(r):
            modality = "REG"
            sopInstanceUID = r.sopInstanceUID.rawValue
            frameOfReferenceUID = r.frameOfReference.rawValue
            matrices = r.entries.map { MatrixEntry(frameOfReferenceUID: $0.frameOfReference.rawValue, matrix: $0.transform.rowMajor4x4) }
        }
    }

    /// Human-readable multi-line description (units stated on every line). Diagnostics are not part of
    /// it: the caller prints `diagnostics` once, where it prints all warnings.
    public var summary: String {
        var lines = ["\(path): \(modality)"]
        func add(_ s: String) { lines.append("  " + s) }
        if let f = frameOfReferenceUID, !f.isEmpty { add("frame of reference: \(f)") }
        if let p = patientID, !p.isEmpty { add("patient ID: \(p)") }
        if modality == "RTDOSE" {
            add("grid: \(columns ?? 0) columns × \(rows ?? 0) rows × \(frames ?? 0) frames")
            if let ps = pixelSpacingMM { add("pixel spacing (row, column): \(ps.map { fmt($0) }.joined(separator: ", ")) mm") }
            if let ipp = imagePositionMM { add("first voxel (LPS): (\(ipp.map { fmt($0) }.joined(separator: ", "))) mm") }
            if let iop = imageOrientation { add("orientation: [\(iop.map { fmt($0) }.joined(separator: ", "))]") }
            if let o = frameOffsetsMM, !o.isEmpty {
                add("frame offsets: \(fmt(o.first!)) … \(fmt(o.last!)) mm (\(o.count) values)")
            } else {
                add("frame offsets: none (single frame)")
            }
            add("dose: \(doseUnits ?? "") \(doseType ?? ""), summation \(doseSummationType ?? ""), scaling \(doseGridScaling.map { "\($0)" } ?? "?"), \(bitsAllocated ?? 0)-bit")
            if let m = maxDoseGy { add("maximum: \(fmt(m)) Gy") }
            if let m = maxDoseRelative { add("maximum: \(fmt(m)) (relative units)") }
            if hasPixelData == false { add("pixel data: empty (header only)") }
            if let p = referencedPlanUIDs, !p.isEmpty { add("referenced plans: \(p.joined(separator: ", "))") }
        }
        if let rois {
            add("\(rois.count) ROIs:")
            for r in rois {
                let type = r.interpretedType.isEmpty ? "" : " [\(r.interpretedType)]"
                add("  \(r.number) \(r.name)\(type): \(r.contours) contours, \(r.points) points")
            }
        }
        if modality == "RTPLAN" {
            if let l = label, !l.isEmpty { add("label: \(l)") }
            add("fractions: \(fractionGroups?.map(String.init).joined(separator: ", ") ?? "?")")
            if let rx = prescriptionGy { add("prescription: \(fmt(rx)) Gy") }
        }
        if let matrices {
            for m in matrices {
                add("from frame \(m.frameOfReferenceUID):")
                for r in 0..<4 { add("  [\(m.matrix[(4 * r)..<(4 * r + 4)].map { fmt($0) }.joined(separator: ", "))]") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

private func fmt(_ v: Double) -> String {
    let s = String(format: "%.4f", v)
    var t = s
    while t.contains(".") && (t.hasSuffix("0") || t.hasSuffix(".")) { t.removeLast() }
    return t == "-0" ? "0" : t
}

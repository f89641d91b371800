import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import TestSupport

/// The files of a two-course phantom written as DICOM into a fresh temporary folder: `rd1.dcm`,
/// `rd2.dcm` (doses given as functions of the LPS position, mm → Gy), `rs.dcm` (the ROIs), and user
/// constraint sets. The one writer behind `GridGapCase`, `UniformChiasmCase` and `LinearDoseCase`,
/// whose answers are computed by hand from the functions they pass in.
struct PhantomCaseFolder {
    let folder: TemporaryFolder

    init(prefix: String, frame: UID, patient: PatientIdentity, structurePatient: PatientIdentity? = nil,
         course1: (GridGeometry, (SIMD3<Double>) -> Double), course2: (GridGeometry, (SIMD3<Double>) -> Double),
         rois: [ROI], structureLabel: String = "") throws {
        folder = try TemporaryFolder(prefix: prefix)
        for (name, (geometry, dose)) in [("rd1.dcm", course1), ("rd2.dcm", course2)] {
            let d = DoseDistribution(grid: Fields.grid(geometry, dose), frameOfReference: frame, patient: patient)
            try DICOMWriter.writeDose(d, to: path(name), seriesDescription: name == "rd1.dcm" ? "course 1" : "course 2")
        }
        let set = StructureSet(frameOfReference: frame, rois: rois, label: structureLabel, patient: structurePatient ?? patient)
        try DICOMWriter.writeStructureSet(set, to: path("rs.dcm"))
    }

    func path(_ name: String) -> String { folder.file(name) }
    func remove() { folder.remove() }

    /// A user constraint set of the given YAML flow-mapping rows, written beside the files.
    func protocolFile(id: String, rows: [String]) throws -> String {
        let file = path("set-\(UUID().uuidString).yaml")
        try (["id: \(id)", "title: \(id) (test)", "citation: written by the test", "constraints:"] + rows.map { "  - " + $0 })
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// An ROI from a phantom's contours, renamed.
    static func roi(_ phantom: SlabPhantom, named name: String, number: Int = 1) -> ROI {
        var roi = phantom.roi(number: number)
        roi.name = name
        return roi
    }
}

import Foundation
import OutputFiles
import RTCore
import RTModel

/// Writes DICOM-RT objects (Explicit VR Little Endian, new SOP Instance and Series UIDs under the
/// `2.25` root). Files are written **atomically** (temporary file in the same folder, then renamed);
/// an existing file is never replaced unless `overwrite` is true.
public enum DICOMWriter {
    /// Common patient/study/series/equipment attributes (type-2 ones empty when unknown).
    static func writeCommon(_ ds: DICOMItem, sopClass: String, sopInstance: UID, modality: String,
                            patient: PatientIdentity, frameOfReference: UID?, seriesDescription: String) throws {
        let now = DICOMFormatting.nowDateTime()
        try ds.set(.specificCharacterSet, "ISO_IR 192")
        try ds.set(.sopClassUID, sopClass)
        try ds.set(.sopInstanceUID, sopInstance.rawValue)
        try ds.set(.studyDate, now.date)
        try ds.set(.studyTime, now.time)
        try ds.set(.contentDate, now.date)
        try ds.set(.contentTime, now.time)
        try ds.set(.accessionNumber, "")
        try ds.set(.modality, modality)
        try ds.set(.manufacturer, "DoseSum")
        try ds.set(.referringPhysicianName, "")
        try ds.set(.seriesDescription, seriesDescription)
        try ds.set(.operatorsName, "")
        try ds.set(.patientName, patient.name)
        try ds.set(.patientID, patient.id)
        try ds.set(.patientBirthDate, patient.birthDate)
        try ds.set(.patientSex, patient.sex)
        try ds.set(.studyInstanceUID, patient.studyInstanceUID.isEmpty ? DICOMFormatting.newUID().rawValue : patient.studyInstanceUID)
        try ds.set(.seriesInstanceUID, DICOMFormatting.newUID().rawValue)
        try ds.set(.studyID, patient.studyID)
        try ds.set(.seriesNumber, "1")
        try ds.set(.instanceNumber, "1")
        if let frameOfReference {
            try ds.set(.frameOfReferenceUID, frameOfReference.rawValue)
            try ds.set(.positionReferenceIndicator, "")
        }
    }

    /// Applies test/diagnostic overrides: a value replaces the attribute's text, nil removes it.
    static func apply(_ overrides: [DICOMTag: String?], to ds: DICOMItem) throws {
        for (tag, value) in overrides.sorted(by: { ($0.key.group, $0.key.element) < ($1.key.group, $1.key.element) }) {
            if let value { try ds.set(tag, value) } else { ds.remove(tag) }
        }
    }

    /// Saves `file` at `path` through `AtomicFileWriter` (DCMTK writes a temporary beside `path`, which
    /// is flushed and then named), so a partial file is never visible under `path`.
    static func saveAtomically(_ file: DICOMFile, to path: String, overwrite: Bool) throws {
        try AtomicFileWriter.write(to: path, overwrite: overwrite) { temporary in
            do { try file.save(to: temporary) } catch let e as DoseSumError {
                throw DoseSumError(e.kind, e.message, file: path, tag: e.tag)
            }
        }
    }
}

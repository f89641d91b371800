import Foundation
import Grids
import RTCore
import RTModel

extension DICOMWriter {
    /// Writes an RTSTRUCT with every ROI (number, name, generation algorithm), its contours (geometric
    /// type, points in LPS mm) and its RT ROI Interpreted Type. Returns the new SOP Instance UID.
    /// `contourOverrides` replace (text) or remove (nil) attributes of every ContourSequence item, so
    /// tests can write deliberately inconsistent files (e.g. a wrong NumberOfContourPoints).
    @discardableResult
    public static func writeStructureSet(_ structures: StructureSet, to path: String, overwrite: Bool = false,
                                         contourOverrides: [DICOMTag: String?] = [:]) throws -> UID {
        guard !structures.frameOfReference.isEmpty else {
            throw DoseSumError(.usage, "a structure set needs a FrameOfReferenceUID to be written", file: path, tag: .frameOfReferenceUID)
        }
        let file = try DICOMFile.empty(path: path)
        let ds = file.dataset
        let uid = DICOMFormatting.newUID()
        try writeCommon(ds, sopClass: SOPClass.rtStructureSet, sopInstance: uid, modality: "RTSTRUCT", patient: structures.patient,
                        frameOfReference: structures.frameOfReference, seriesDescription: structures.label)
        let now = DICOMFormatting.nowDateTime()
        try ds.set(.structureSetLabel, structures.label.isEmpty ? "DoseSum" : structures.label)
        try ds.set(.structureSetDate, now.date)
        try ds.set(.structureSetTime, now.time)
        let frameItem = try ds.appendItem(.referencedFrameOfReferenceSequence)
        try frameItem.set(.frameOfReferenceUID, structures.frameOfReference.rawValue)
        if structures.rois.isEmpty {
            try ds.setEmptySequence(.structureSetROISequence)
            try ds.setEmptySequence(.roiContourSequence)
            try ds.setEmptySequence(.rtROIObservationsSequence)
        }
        for roi in structures.rois {
            let item = try ds.appendItem(.structureSetROISequence)
            try item.set(.roiNumber, String(roi.number.rawValue))
            try item.set(.referencedFrameOfReferenceUID, structures.frameOfReference.rawValue)
            try item.set(.roiName, roi.name)
            try item.set(.roiGenerationAlgorithm, roi.generationAlgorithm)
        }
        for roi in structures.rois {
            let item = try ds.appendItem(.roiContourSequence)
            try item.set(.referencedROINumber, String(roi.number.rawValue))
            for contour in roi.contours {
                let c = try item.appendItem(.contourSequence)
                try c.set(.contourGeometricType, contour.type.rawValue)
                try c.set(.numberOfContourPoints, String(contour.points.count))
                try c.set(.contourData, DICOMFormatting.dsList(contour.points.flatMap { [$0.x, $0.y, $0.z] }))
                try apply(contourOverrides, to: c)
            }
        }
        for (index, roi) in structures.rois.enumerated() {
            let item = try ds.appendItem(.rtROIObservationsSequence)
            try item.set(.observationNumber, String(index + 1))
            try item.set(.referencedROINumber, String(roi.number.rawValue))
            try item.set(.rtROIInterpretedType, roi.interpretedType)
            try item.set(.roiInterpreter, "")
        }
        try saveAtomically(file, to: path, overwrite: overwrite)
        return uid
    }

    /// Writes a minimal RTPLAN: one fraction group with `fractions` (NumberOfBeams 0) and, when given,
    /// a TARGET dose reference with TargetPrescriptionDose in Gy. Returns the SOP Instance UID used.
    @discardableResult
    public static func writePlan(fractions: Int, prescription: Gray? = nil, label: String = "DoseSum",
                                 frameOfReference: UID, patient: PatientIdentity = PatientIdentity(),
                                 sopInstanceUID: UID? = nil, to path: String, overwrite: Bool = false) throws -> UID {
        guard fractions >= 1 else {
            throw DoseSumError(.usage, "a plan needs at least one fraction, got \(fractions)", file: path, tag: .numberOfFractionsPlanned)
        }
        let file = try DICOMFile.empty(path: path)
        let ds = file.dataset
        let uid = sopInstanceUID ?? DICOMFormatting.newUID()
        try writeCommon(ds, sopClass: SOPClass.rtPlan, sopInstance: uid, modality: "RTPLAN", patient: patient,
                        frameOfReference: frameOfReference.isEmpty ? nil : frameOfReference, seriesDescription: label)
        let now = DICOMFormatting.nowDateTime()
        try ds.set(.rtPlanLabel, String(label.prefix(16)))
        try ds.set(.rtPlanDate, now.date)
        try ds.set(.rtPlanTime, now.time)
        try ds.set(.rtPlanGeometry, "PATIENT")
        if let prescription {
            let ref = try ds.appendItem(.doseReferenceSequence)
            try ref.set(.doseReferenceNumber, "1")
            try ref.set(.doseReferenceStructureType, "SITE")
            try ref.set(.doseReferenceType, "TARGET")
            try ref.set(.targetPrescriptionDose, DICOMFormatting.ds(prescription.value))
        }
        let group = try ds.appendItem(.fractionGroupSequence)
        try group.set(.fractionGroupNumber, "1")
        try group.set(.numberOfFractionsPlanned, String(fractions))
        try group.set(.numberOfBeams, "0")
        try group.set(.numberOfBrachyApplicationSetups, "0")
        try saveAtomically(file, to: path, overwrite: overwrite)
        return uid
    }

    /// Writes a Spatial Registration: one RegistrationSequence item per entry with a RIGID matrix
    /// (16 DS, row-major). `matrixType` lets tests write other types. Returns the new SOP Instance UID.
    @discardableResult
    public static func writeRegistration(_ registration: SpatialRegistration, to path: String, overwrite: Bool = false,
                                         matrixType: String = "RIGID", patient: PatientIdentity = PatientIdentity(),
                                         rawMatrices: [[Double]]? = nil) throws -> UID {
        guard !registration.frameOfReference.isEmpty else {
            throw DoseSumError(.usage, "a registration needs its own FrameOfReferenceUID", file: path, tag: .frameOfReferenceUID)
        }
        let file = try DICOMFile.empty(path: path)
        let ds = file.dataset
        let uid = DICOMFormatting.newUID()
        try writeCommon(ds, sopClass: SOPClass.spatialRegistration, sopInstance: uid, modality: "REG", patient: patient,
                        frameOfReference: registration.frameOfReference, seriesDescription: "DoseSum registration")
        for (index, entry) in registration.entries.enumerated() {
            let item = try ds.appendItem(.registrationSequence)
            try item.set(.frameOfReferenceUID, entry.frameOfReference.rawValue)
            let matrixRegistration = try item.appendItem(.matrixRegistrationSequence)
            let matrix = try matrixRegistration.appendItem(.matrixSequence)
            let values = rawMatrices.flatMap { index < $0.count ? $0[index] : nil } ?? entry.transform.rowMajor4x4
            try matrix.set(.frameOfReferenceTransformationMatrix, DICOMFormatting.dsList(values))
            try matrix.set(.frameOfReferenceTransformationMatrixType, matrixType)
        }
        try saveAtomically(file, to: path, overwrite: overwrite)
        return uid
    }
}

import Foundation
import RTCore
import RTModel

extension DICOMReader {
    /// Reads an RTSTRUCT: every ROI of StructureSetROISequence (kept even without contours), names in
    /// UTF-8, interpreted types from RTROIObservationsSequence, contours in LPS mm. The frame of
    /// reference is the first ReferencedFrameOfReferenceSequence item's, else the dataset's, else the
    /// first ROI's ReferencedFrameOfReferenceUID.
    public static func readStructureSet(at path: String) throws -> StructureSet {
        try structureSet(try DICOMFile.load(path))
    }

    static func structureSet(_ file: DICOMFile) throws -> StructureSet {
        try requireModality(file, "RTSTRUCT")
        let ds = file.dataset
        let roiItems = ds.items(.structureSetROISequence)
        guard !roiItems.isEmpty || ds.contains(.structureSetROISequence) else {
            throw DoseSumError(.missingAttribute, "missing, expected the list of ROIs", file: file.path, tag: .structureSetROISequence)
        }
        var frame = try ds.items(.referencedFrameOfReferenceSequence).lazy.compactMap { try $0.text(.frameOfReferenceUID) }
            .first { !$0.isEmpty } ?? ""
        if frame.isEmpty { frame = try ds.textOrEmpty(.frameOfReferenceUID) }
        if frame.isEmpty, let first = roiItems.first { frame = try first.textOrEmpty(.referencedFrameOfReferenceUID) }

        var types: [Int: String] = [:]
        for obs in ds.items(.rtROIObservationsSequence) {
            if let n = try obs.integer(.referencedROINumber) { types[n] = try obs.textOrEmpty(.rtROIInterpretedType).uppercased() }
        }
        var contoursByROI: [Int: [Contour]] = [:]
        var diagnostics: [Diagnostic] = []
        for roiContour in ds.items(.roiContourSequence) {
            guard let n = try roiContour.integer(.referencedROINumber) else { continue }
            var contours: [Contour] = []
            for c in roiContour.items(.contourSequence) {
                let typeText = try c.textOrEmpty(.contourGeometricType).uppercased()
                guard let type = Contour.GeometricType(rawValue: typeText) else {
                    throw DoseSumError(.invalidValue, "ROI \(n): expected CLOSED_PLANAR, POINT, OPEN_PLANAR or OPEN_NONPLANAR, found \"\(typeText)\"",
                                       file: file.path, tag: .contourGeometricType)
                }
                let xyz = try c.doubles(.contourData) ?? []
                guard xyz.count % 3 == 0 else {
                    throw DoseSumError(.invalidValue, "ROI \(n): expected x, y, z triplets, found \(xyz.count) numbers",
                                       file: file.path, tag: .contourData)
                }
                if let bad = xyz.first(where: { !PhysicalLimits.isPlausibleCoordinate($0) }) {
                    throw DoseSumError(.invalidValue, "ROI \(n): expected coordinates within ±\(PhysicalLimits.coordinateMM) mm, found \(bad)",
                                       file: file.path, tag: .contourData)
                }
                if let declared = try? c.integer(.numberOfContourPoints), declared != xyz.count / 3 {
                    diagnostics.append(Diagnostic(.warning, code: "structure.contour-point-count",
                        "ROI \(n): NumberOfContourPoints (3006,0046) says \(declared) but ContourData holds \(xyz.count / 3) points; the points of ContourData are used",
                        subject: file.path))
                }
                if xyz.isEmpty { continue }
                let points = stride(from: 0, to: xyz.count, by: 3).map { SIMD3(xyz[$0], xyz[$0 + 1], xyz[$0 + 2]) }
                contours.append(Contour(type: type, points: points))
            }
            contoursByROI[n, default: []].append(contentsOf: contours)
        }
        let rois = try roiItems.map { item -> ROI in
            let n = try item.requireInteger(.roiNumber, meaning: "ROI number")
            return ROI(number: ROINumber(n), name: try item.textOrEmpty(.roiName),
                       generationAlgorithm: try item.textOrEmpty(.roiGenerationAlgorithm).uppercased(),
                       interpretedType: types[n] ?? "", contours: contoursByROI[n] ?? [])
        }
        return StructureSet(frameOfReference: UID(frame), rois: rois, sopInstanceUID: UID(try ds.textOrEmpty(.sopInstanceUID)),
                            label: try ds.textOrEmpty(.structureSetLabel), patient: try ds.patientIdentity(), source: file.path,
                            diagnostics: diagnostics)
    }
}

import Grids
import RTCore
import RTModel

extension DICOMReader {
    /// Reads a Spatial Registration (Modality REG): for each RegistrationSequence item its
    /// FrameOfReferenceUID and the product of its MatrixSequence matrices (16 DS, row-major, applied in
    /// order). Types RIGID, and RIGID_SCALE only with unit scale; anything else is an error.
    public static func readRegistration(at path: String) throws -> SpatialRegistration {
        try registration(try DICOMFile.load(path))
    }

    static func registration(_ file: DICOMFile) throws -> SpatialRegistration {
        try requireModality(file, "REG")
        let ds = file.dataset
        let items = ds.items(.registrationSequence)
        guard !items.isEmpty else {
            throw DoseSumError(.missingAttribute, "missing or empty, expected one item per frame of reference", file: file.path, tag: .registrationSequence)
        }
        let entries = try items.map { item -> SpatialRegistration.Entry in
            let frame = try item.requireText(.frameOfReferenceUID, expected: "the frame of reference this matrix maps from")
            guard let matrixRegistration = item.items(.matrixRegistrationSequence).first else {
                throw DoseSumError(.missingAttribute, "missing for frame \(frame), expected a rigid matrix", file: file.path, tag: .matrixRegistrationSequence)
            }
            let matrices = matrixRegistration.items(.matrixSequence)
            guard !matrices.isEmpty else {
                throw DoseSumError(.missingAttribute, "missing or empty for frame \(frame), expected a rigid matrix", file: file.path, tag: .matrixSequence)
            }
            var transform = RigidTransform.identity
            for m in matrices {
                let type = try m.textOrEmpty(.frameOfReferenceTransformationMatrixType).uppercased()
                let values = try m.requireDecimals(.frameOfReferenceTransformationMatrix, count: 16, meaning: "a 4×4 row-major matrix")
                guard type == "RIGID" || type == "RIGID_SCALE" else {
                    throw DoseSumError(.unsupported, "expected RIGID (or RIGID_SCALE with unit scale), found \"\(type)\"",
                                       file: file.path, tag: .frameOfReferenceTransformationMatrixType)
                }
                if let t = [values[3], values[7], values[11]].first(where: { !(abs($0) <= PhysicalLimits.translationMM) }) {
                    throw DoseSumError(.invalidValue, "matrix for frame \(frame) translates by \(t) mm, expected within ±\(PhysicalLimits.translationMM) mm",
                                       file: file.path, tag: .frameOfReferenceTransformationMatrix)
                }
                do {
                    transform = transform.then(try RigidTransform(rowMajor4x4: values))
                } catch let e as DoseSumError {
                    let tag: DICOMTag = type == "RIGID_SCALE" ? .frameOfReferenceTransformationMatrixType : .frameOfReferenceTransformationMatrix
                    throw DoseSumError(.invalidValue, "\(type) matrix for frame \(frame) is not a pure rotation + translation (scale must be 1): \(e.message)",
                                       file: file.path, tag: tag)
                }
            }
            return SpatialRegistration.Entry(frameOfReference: UID(frame), transform: transform)
        }
        var registration = SpatialRegistration(frameOfReference: UID(try ds.textOrEmpty(.frameOfReferenceUID)), entries: entries,
                                               sopInstanceUID: UID(try ds.textOrEmpty(.sopInstanceUID)), source: file.path)
        registration.patient = try ds.patientIdentity()
        return registration
    }
}

import Grids
import RTCore
import RTModel

/// How two courses' frames relate: the rigid map from course 1's frame to course 2's (LPS, mm).
/// The common frame is course 2's (the reference), so course 2 is seen through the identity and
/// course 1 through `course1ToCourse2.inverse`.
public struct CourseAlignment: Sendable {
    public enum Source: Hashable, Sendable {
        /// Both doses share a FrameOfReferenceUID: identity.
        case sameFrameOfReference
        /// A DICOM Spatial Registration (its SOP Instance UID).
        case registration(UID)
        /// A matrix given explicitly by the user (row-major 4×4, course 1 → course 2, mm).
        case explicitMatrix
    }
    public let course1ToCourse2: RigidTransform
    public let source: Source
    /// Notes for the physicist (e.g. an explicit matrix overriding a shared frame).
    public let diagnostics: [Diagnostic]

    /// Rigid map from the common (course-2) frame into course 1's frame.
    public var commonToCourse1: RigidTransform { course1ToCourse2.inverse }
    /// Rigid map from the common (course-2) frame into course 2's frame: the identity.
    public var commonToCourse2: RigidTransform { .identity }

    /// Decides the mapping. Precedence: an explicit `matrix` (16 numbers, row-major, course 1 → course 2,
    /// mm) when given; else identity when both FrameOfReferenceUIDs are equal; else `registration`,
    /// which must name both frames (`SpatialRegistration.transform(from:to:)`, course 1 → course 2).
    /// - Throws: `DoseSumError(.geometry)` for different frames with neither a matching registration nor
    ///   a matrix; `DoseSumError(.invalidValue)` for a matrix that is not rigid.
    public init(course1 dose1: DoseDistribution, course2 dose2: DoseDistribution,
                registration: SpatialRegistration? = nil, matrix: [Double]? = nil) throws {
        try self.init(frame1: dose1.frameOfReference, name1: dose1.source ?? "course 1 dose",
                      frame2: dose2.frameOfReference, name2: dose2.source ?? "course 2 dose",
                      registration: registration, matrix: matrix)
    }

    /// The same decision from the two doses' FrameOfReferenceUIDs and names (file paths, for messages),
    /// before their samples are read.
    public init(frame1 f1: UID, name1: String, frame2 f2: UID, name2: String,
                registration: SpatialRegistration? = nil, matrix: [Double]? = nil) throws {
        if let matrix {
            course1ToCourse2 = try RigidTransform(rowMajor4x4: matrix)
            source = .explicitMatrix
            diagnostics = f1 == f2 ? [Diagnostic(.warning, code: "registration.matrix-overrides-same-frame",
                "both doses share FrameOfReferenceUID \(f1) but an explicit course 1 → course 2 matrix was given; the matrix is used")] : []
            return
        }
        if f1 == f2 {
            course1ToCourse2 = .identity; source = .sameFrameOfReference
            diagnostics = registration.map { r in
                [Diagnostic(.warning, code: "registration.ignored-same-frame",
                            "both doses share FrameOfReferenceUID \(f1); the spatial registration \(r.sopInstanceUID) was not used: the mapping is the identity",
                            subject: r.source)]
            } ?? []
            return
        }
        guard let registration else {
            throw DoseSumError(.geometry, "\(name1) (FrameOfReferenceUID \(f1)) and \(name2) (FrameOfReferenceUID \(f2)) are in different frames; give a spatial registration or a course 1 → course 2 matrix",
                               tag: DICOMTag(0x0020, 0x0052, "FrameOfReferenceUID"))
        }
        guard let t = registration.transform(from: f1, to: f2) else {
            let named = ([registration.frameOfReference] + registration.entries.map(\.frameOfReference)).map(\.rawValue)
            throw DoseSumError(.geometry, "the spatial registration does not map FrameOfReferenceUID \(f1) (\(name1)) to \(f2) (\(name2)); it names \(named.joined(separator: ", "))",
                               file: registration.source)
        }
        course1ToCourse2 = t; source = .registration(registration.sopInstanceUID); diagnostics = []
    }
}

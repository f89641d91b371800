import Grids
import RTCore

/// A DICOM Spatial Registration object: for each Frame of Reference it names, the rigid matrix that
/// maps that frame's coordinates into the registration's own frame (`frameOfReference`).
public struct SpatialRegistration: Sendable {
    public struct Entry: Sendable {
        /// The Frame of Reference whose coordinates `transform` maps from.
        public var frameOfReference: UID
        /// Maps points of `frameOfReference` into the registration's frame (mm, LPS).
        public var transform: RigidTransform
        public init(frameOfReference: UID, transform: RigidTransform) {
            self.frameOfReference = frameOfReference; self.transform = transform
        }
    }
    /// FrameOfReferenceUID (0020,0052) of the registration object itself (the target space).
    public var frameOfReference: UID
    public var entries: [Entry]
    public var sopInstanceUID: UID
    /// Patient identity the registration carries (checked against the other inputs).
    public var patient: PatientIdentity = PatientIdentity()
    public var source: String?

    public init(frameOfReference: UID, entries: [Entry], sopInstanceUID: UID = "", source: String? = nil) {
        self.frameOfReference = frameOfReference; self.entries = entries; self.sopInstanceUID = sopInstanceUID; self.source = source
    }

    /// The rigid transform mapping points of frame `from` to frame `to`, composed through the
    /// registration's own frame (`from → registration → to`); nil when either frame is not named.
    public func transform(from: UID, to: UID) -> RigidTransform? {
        func toRegistration(_ uid: UID) -> RigidTransform? {
            if uid == frameOfReference { return entries.first { $0.frameOfReference == uid }?.transform ?? .identity }
            return entries.first { $0.frameOfReference == uid }?.transform
        }
        guard let a = toRegistration(from), let b = toRegistration(to) else { return nil }
        return a.then(b.inverse)
    }
}

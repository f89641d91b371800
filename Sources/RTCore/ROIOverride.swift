/// One ROI→organ override as the user gives it (`ROI=ORGAN`, or `ROI=none` to leave the ROI out),
/// split once where it enters (`parse`); whether the ROI exists and the organ is known is decided
/// by `StructureMapping`, which knows the structure set and the constraint set's vocabulary.
/// Encoded as the text it was parsed from.
public struct ROIOverride: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Everything before the last `=`, spaces trimmed.
    public let roiName: String
    /// The organ's name as given; nil for `none`.
    public let organName: String?

    public init(roiName: String, organName: String?) { self.roiName = roiName; self.organName = organName }

    /// Splits `ROI=ORGAN` at the last `=`.
    /// - Throws: `DoseSumError(.usage)` with `field` `.map` when there is no `=` or either side is empty.
    public static func parse(_ text: String) throws -> ROIOverride {
        guard let eq = text.lastIndex(of: "=") else {
            throw DoseSumError(.usage, "'\(text)': expected ROI=ORGAN, e.g. 'Brainstem_new=BrainStem'", field: .map)
        }
        let roi = String(text[..<eq]).trimmingCharacters(in: " "), organ = String(text[text.index(after: eq)...]).trimmingCharacters(in: " ")
        guard !roi.isEmpty, !organ.isEmpty else {
            throw DoseSumError(.usage, "'\(text)': expected ROI=ORGAN with both sides named", field: .map)
        }
        return ROIOverride(roiName: roi, organName: organ.lowercased() == "none" ? nil : organ)
    }

    public var description: String { "\(roiName)=\(organName ?? "none")" }

    public init(from decoder: Decoder) throws { self = try Self.parse(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

fileprivate extension String {
    func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}

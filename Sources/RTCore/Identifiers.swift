/// A DICOM unique identifier (UI VR): dot-separated digits, at most 64 characters.
public struct UID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public var isEmpty: Bool { rawValue.isEmpty }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// ROI Number (3006,0022) of a structure set: unique within one RTSTRUCT.
public struct ROINumber: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: ROINumber, b: ROINumber) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// A DICOM attribute tag (group, element) with its keyword, used to name the attribute in errors.
public struct DICOMTag: Hashable, Sendable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16
    public var keyword: String
    public init(_ group: UInt16, _ element: UInt16, _ keyword: String) {
        self.group = group; self.element = element; self.keyword = keyword
    }
    /// `(3004,000E) DoseGridScaling`
    public var description: String {
        func hex(_ v: UInt16) -> String {
            let s = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - s.count)) + s
        }
        return "(\(hex(group)),\(hex(element))) \(keyword)"
    }
}

/// Absorbed dose or EQD2 in gray (Gy). A thin typed wrapper used at API boundaries;
/// hot loops work on `Float`/`Double` arrays whose unit is stated in their doc comment.
public struct Gray: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func < (a: Gray, b: Gray) -> Bool { a.value < b.value }
    public static func + (a: Gray, b: Gray) -> Gray { Gray(a.value + b.value) }
    public static func - (a: Gray, b: Gray) -> Gray { Gray(a.value - b.value) }
    public var description: String { "\(value) Gy" }
    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

/// A length in millimetres (DICOM patient coordinates are in mm).
public struct Millimetres: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func < (a: Millimetres, b: Millimetres) -> Bool { a.value < b.value }
    public var description: String { "\(value) mm" }
    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

/// A volume in cubic centimetres (cc = cm³ = 1000 mm³).
public struct CubicCentimetres: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    /// Converts from mm³.
    public init(cubicMillimetres: Double) { self.value = cubicMillimetres / 1000 }
    public var cubicMillimetres: Double { value * 1000 }
    public static func < (a: CubicCentimetres, b: CubicCentimetres) -> Bool { a.value < b.value }
    public var description: String { "\(value) cc" }
    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

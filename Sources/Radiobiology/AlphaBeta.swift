import RTCore

/// A tissue α/β ratio of the linear-quadratic model, in Gy; finite and > 0.
public struct AlphaBeta: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// α/β in Gy.
    public let gray: Double

    /// - Throws: `DoseSumError(.invalidValue)` unless `gray` is finite and > 0.
    public init(_ gray: Double) throws {
        guard gray.isFinite, gray > 0 else {
            throw DoseSumError(.invalidValue, "α/β must be a finite number of Gy > 0, got \(gray)")
        }
        self.gray = gray
    }
    public init(from decoder: Decoder) throws { try self.init(decoder.singleValueContainer().decode(Double.self)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(gray) }
    public static func < (a: AlphaBeta, b: AlphaBeta) -> Bool { a.gray < b.gray }
    public var description: String { "α/β \(gray) Gy" }
}

extension AlphaBeta {
    /// An α/β so large that EQD2 equals the physical dose: EQD2 = D·(D/n + α/β)/(2 + α/β) tends to D
    /// as α/β → ∞, and at 1e300 Gy the Double arithmetic gives D to the last bit of the Float dose it
    /// starts from (D/n and 2 vanish beside α/β). Used to read course-2 physical-dose metrics through the
    /// same sampling and DVH path as EQD2 (rows whose limit is a physical dose).
    public static let physicalDose = try! AlphaBeta(1e300)
}

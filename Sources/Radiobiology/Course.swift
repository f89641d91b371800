import Grids
import RTCore
import RTModel

/// One treatment course to be summed: its physical dose, its number of fractions, and where it sits
/// relative to the common frame.
public struct Course: Sendable {
    public var label: String
    /// Physical dose in Gy (refused otherwise), on the course's own grid and frame.
    public let dose: DoseDistribution
    /// Number of fractions n (≥ 1) the dose was delivered in.
    public let fractions: Int
    /// Rigid map from the **common** frame (LPS, mm) into this course's frame; identity when the
    /// course is in the common frame.
    public let commonToCourse: RigidTransform

    /// - Throws: `DoseSumError(.invalidValue)` when the dose is not in Gy or `fractions` < 1.
    public init(label: String, dose: DoseDistribution, fractions: Int, commonToCourse: RigidTransform = .identity) throws {
        let subject = dose.source ?? label
        guard dose.units == .gray else {
            throw DoseSumError(.invalidValue, "course '\(label)': DoseUnits must be GY to compute EQD2, got \(dose.units.rawValue)",
                               file: subject, tag: DICOMTag(0x3004, 0x0002, "DoseUnits"))
        }
        guard fractions >= 1 else {
            throw DoseSumError(.invalidValue, "course '\(label)': number of fractions must be ≥ 1, got \(fractions)", file: subject)
        }
        self.label = label; self.dose = dose; self.fractions = fractions; self.commonToCourse = commonToCourse
    }

    /// The course's physical dose (Gy) as a field over common-frame positions (trilinear, 0 outside its grid).
    public var field: TrilinearField {
        TrilinearField(grid: dose.grid, evaluationToGrid: commonToCourse,
                       wholeGeometry: dose.grid.geometry == dose.fileGeometry ? nil : dose.fileGeometry)
    }

    /// The LQ conversion of this course for a tissue α/β.
    public func conversion(_ alphaBeta: AlphaBeta) -> LQConversion {
        LQConversion(checkedFractions: fractions, alphaBeta: alphaBeta)  // fractions ≥ 1 checked in init
    }
}

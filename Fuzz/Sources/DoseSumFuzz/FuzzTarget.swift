import CompositeDose
import Constraints
import DICOMIO
import DoseSumKit
import Foundation
import Grids
import RTCore

/// One fuzz target: a way into DoseSum that takes untrusted bytes. Each run must either succeed or
/// throw a `DoseSumError`; a trap, a sanitizer report, a hang or runaway memory is a finding.
enum FuzzTarget: String, CaseIterable {
    case dicomDose = "dicom-dose"
    case dicomStructures = "dicom-structures"
    case dicomPlan = "dicom-plan"
    case dicomRegistration = "dicom-registration"
    case contours
    case constraints
    case manifestCSV = "manifest-csv"
    case manifestYAML = "manifest-yaml"

    /// What the target reads, for `scripts/fuzz.sh --list`.
    var summary: String {
        switch self {
        case .dicomDose: "RTDOSE through the shim: header, whole grid, readAny (64 MiB budget)"
        case .dicomStructures: "RTSTRUCT through the shim: ROIs, contours, diagnostics"
        case .dicomPlan: "RTPLAN through the shim: fractionation"
        case .dicomRegistration: "REG through the shim: rigid matrices"
        case .contours: "ROIs decoded from the bytes (degenerate, huge, NaN points) → CompositeEvaluator.survey + samplings (64 MiB budget)"
        case .constraints: "constraint file text → ConstraintSetDecoder.decode"
        case .manifestCSV: "batch manifest (.csv) → BatchManifest.load"
        case .manifestYAML: "batch manifest (.yaml) → BatchManifest.load"
        }
    }

    /// The seed files this target starts from, by file name suffix.
    var seedSuffixes: [String] {
        switch self {
        case .dicomDose, .dicomStructures, .dicomPlan, .dicomRegistration: [".dcm"]
        case .contours: [".contours"]
        case .constraints: [".yaml", ".yml", ".json"]
        case .manifestCSV: [".csv"]
        case .manifestYAML: [".yaml", ".yml"]
        }
    }

    /// A small budget, so a corrupt size is refused rather than allocated.
    static let budget = MemoryBudget(bytes: 64 << 20)

    /// Runs the target on one input. Errors that DoseSum reports are the expected outcome.
    func run(_ bytes: UnsafeRawBufferPointer) {
        do {
            switch self {
            case .dicomDose:
                let path = try FuzzScratch.write(bytes, name: "input.dcm")
                let header = try? DICOMReader.readDoseHeader(at: path, budget: Self.budget)
                if header?.hasPixelData == true {
                    _ = try? DICOMReader.readDose(at: path, allowRelative: true, budget: Self.budget)
                }
                _ = try DICOMReader.readAny(at: path, budget: Self.budget)
            case .dicomStructures:
                _ = try DICOMReader.readStructureSet(at: try FuzzScratch.write(bytes, name: "input.dcm"))
            case .dicomPlan:
                _ = try DICOMReader.readPlan(at: try FuzzScratch.write(bytes, name: "input.dcm"))
            case .dicomRegistration:
                _ = try DICOMReader.readRegistration(at: try FuzzScratch.write(bytes, name: "input.dcm"))
            case .contours:
                try ContourFuzzInput(bytes).run(budget: Self.budget)
            case .constraints:
                _ = try ConstraintSetDecoder.decode(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
            case .manifestCSV:
                _ = try BatchManifest.load(try FuzzScratch.write(bytes, name: "manifest.csv"))
            case .manifestYAML:
                _ = try BatchManifest.load(try FuzzScratch.write(bytes, name: "manifest.yaml"))
            }
        } catch is DoseSumError {
            // The expected way to refuse bad input.
        } catch {
            fatalError("\(rawValue): an error that is not a DoseSumError escaped: \(error)")
        }
    }
}

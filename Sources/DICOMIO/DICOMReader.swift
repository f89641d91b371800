import Foundation
import Grids
import RTCore
import RTModel

/// Reads DICOM-RT files into RTModel values. Every function throws `DoseSumError` naming the file,
/// the attribute (tag and keyword) and what was expected; traps that do not prevent reading are
/// returned as `[Diagnostic]`.
public enum DICOMReader {
    /// Modality (0008,0060) of a file: RTDOSE, RTSTRUCT, RTPLAN, REG, CT …
    public static func modality(at path: String) throws -> String {
        let file = try DICOMFile.load(path, pixelDataInFile: true)
        return try modality(of: file)
    }

    /// Any supported RT object, dispatched on Modality. Doses are read header-only when PixelData is
    /// empty (the value then carries `dose == nil`), so `inspect` still shows their geometry. A dose
    /// grid must fit in `budget`.
    public static func readAny(at path: String, budget: MemoryBudget = .default) throws -> DICOMObject {
        let file = try DICOMFile.load(path, pixelDataInFile: true)
        switch try modality(of: file) {
        case "RTDOSE":
            var info = try doseHeader(file, budget: budget)
            guard info.hasPixelData else { return .dose(nil, info) }
            let dose = try doseValues(file, info: &info, allowRelative: true, budget: budget).0
            return .dose(dose, info)
        case "RTSTRUCT": return .structureSet(try structureSet(file))
        case "RTPLAN": return .plan(try plan(file))
        case "REG": return .registration(try registration(file))
        case let other:
            throw DoseSumError(.unsupported, "expected RTDOSE, RTSTRUCT, RTPLAN or REG, found \(other)", file: path, tag: .modality)
        }
    }

    // MARK: - shared checks

    static func modality(of file: DICOMFile) throws -> String {
        let ds = file.dataset
        guard let m = try ds.text(.modality), !m.isEmpty else {
            if !ds.contains(.sopClassUID) {
                throw DoseSumError(.notDICOM, "not a DICOM file (neither Modality nor SOPClassUID could be read)",
                                   file: file.path, tag: .modality)
            }
            throw DoseSumError(.missingAttribute, "missing, expected RTDOSE, RTSTRUCT, RTPLAN or REG", file: file.path, tag: .modality)
        }
        return m.uppercased()
    }

    static func requireModality(_ file: DICOMFile, _ expected: String) throws {
        let found = try modality(of: file)
        guard found == expected else {
            throw DoseSumError(.wrongModality, "expected \(expected), found \(found)", file: file.path, tag: .modality)
        }
    }
}

/// One RT object read by `DICOMReader.readAny(at:)`.
public enum DICOMObject: Sendable {
    /// A dose with its header; the distribution is nil when PixelData is empty (header-only file).
    case dose(DoseDistribution?, DoseFileInfo)
    case structureSet(StructureSet)
    case plan(PlanFractionation)
    case registration(SpatialRegistration)
}

extension DICOMReader {
    /// DCMTK's one-time process set-up (logging, decoders, and the data dictionary path, which is set
    /// in the environment). Every read does it on first use (once, `std::call_once`); a program calls
    /// this at start, while it has one thread, so that the `setenv` cannot race a `getenv` elsewhere
    /// (the `dosesum` executable does, in `main`). Idempotent and cheap after the first call.
    public static func prepare() { DICOMFile.configure() }

    /// Reads a file through DCMTK into memory (all elements, pixel data decoded from RLE where
    /// needed) and discards it: the floor any DCMTK-based tool pays, used by the benchmarks to put
    /// DoseSum's own load time in proportion.
    public static func loadOnly(at path: String) throws {
        _ = try DICOMFile.load(path)
    }
}

import Foundation
import RTCore
import RTModel

/// Strict readers of attribute values: every failure names the file, the tag and keyword, and what
/// was expected. Decimal strings (DS) are parsed here, not by DCMTK, so "0,000001" (decimal comma),
/// "NaN" or an empty value are caught instead of read silently as 0.
extension DICOMItem {
    /// Text value with surrounding spaces (DICOM padding) removed; nil when absent.
    func text(_ tag: DICOMTag) throws -> String? {
        try string(tag).map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0"))) }
    }

    /// Text value; "" when absent.
    func textOrEmpty(_ tag: DICOMTag) throws -> String { try text(tag) ?? "" }

    func requireText(_ tag: DICOMTag, expected: String) throws -> String {
        guard let v = try text(tag), !v.isEmpty else {
            throw DoseSumError(.missingAttribute, "missing or empty, expected \(expected)", file: file.path, tag: tag)
        }
        return v
    }

    /// All values of a decimal/integer attribute as finite Doubles; nil when absent or empty.
    func decimals(_ tag: DICOMTag) throws -> [Double]? {
        guard let raw = try string(tag) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        return try trimmed.split(separator: "\\", omittingEmptySubsequences: false).map { part in
            let s = part.trimmingCharacters(in: .whitespaces)
            guard let v = Double(s), v.isFinite, s.range(of: ",") == nil else {
                throw DoseSumError(.invalidValue, "expected a decimal number (with a '.' decimal point), found \"\(s)\"",
                                   file: file.path, tag: tag)
            }
            return v
        }
    }

    /// Exactly `count` decimal values (or at least `count` when `atLeast`).
    func requireDecimals(_ tag: DICOMTag, count: Int, meaning: String) throws -> [Double] {
        guard let v = try decimals(tag) else {
            throw DoseSumError(.missingAttribute, "missing, expected \(count) numbers (\(meaning))", file: file.path, tag: tag)
        }
        guard v.count == count else {
            throw DoseSumError(.invalidValue, "expected \(count) numbers (\(meaning)), found \(v.count)", file: file.path, tag: tag)
        }
        return v
    }

    /// A single integer value; nil when absent or empty.
    func integer(_ tag: DICOMTag) throws -> Int? {
        guard let v = try decimals(tag) else { return nil }
        guard v.count == 1, let first = v.first, first == first.rounded(), abs(first) < 1e15 else {
            throw DoseSumError(.invalidValue, "expected one integer, found \(v)", file: file.path, tag: tag)
        }
        return Int(first)
    }

    func requireInteger(_ tag: DICOMTag, meaning: String) throws -> Int {
        guard let v = try integer(tag) else {
            throw DoseSumError(.missingAttribute, "missing, expected an integer (\(meaning))", file: file.path, tag: tag)
        }
        return v
    }

    /// Patient and study identity of this dataset (empty strings for absent attributes).
    func patientIdentity() throws -> PatientIdentity {
        PatientIdentity(
            name: try textOrEmpty(.patientName), id: try textOrEmpty(.patientID),
            birthDate: try textOrEmpty(.patientBirthDate), sex: try textOrEmpty(.patientSex),
            studyInstanceUID: try textOrEmpty(.studyInstanceUID), studyID: try textOrEmpty(.studyID))
    }
}


import CDCMTKShim
import Foundation
import RTCore

// The only file of the package that calls `dcs_*` or touches C pointers. Everything else in DICOMIO
// works on `DICOMFile` / `DICOMItem` methods, which take and return Swift values.

/// The DCMTK library DoseSum was built against.
public enum DCMTKLibrary {
    /// `OFFIS_DCMTK_VERSION_STRING` as compiled into the shim (e.g. "3.6.7"), for provenance.
    public static var version: String { String(cString: dcs_dcmtk_version()) }
}

/// One DICOM file held in memory by DCMTK. Not Sendable: use it inside one function, copy the values
/// you need into Swift types, and let it go.
final class DICOMFile {
    fileprivate let handle: OpaquePointer
    /// The path it was read from or will be written to (for error messages).
    let path: String

    private init(handle: OpaquePointer, path: String) { self.handle = handle; self.path = path }
    deinit { dcs_file_free(handle) }

    /// Reads a file (with or without File Meta; implicit/explicit LE, explicit BE, RLE).
    /// With `pixelDataInFile`, an uncompressed little-endian file keeps PixelData in the file, to be
    /// read in parts (`pixelDataIsInFile`, `PixelPartReader`); everything else is read now.
    /// Throws `.io` for unreadable paths and `.notDICOM` for anything DCMTK cannot parse.
    static func load(_ path: String, pixelDataInFile: Bool = false) throws -> DICOMFile {
        do { try InputFile.requireRegularFile(path, expected: "a DICOM file") } catch var e as DoseSumError {
            if e.message.hasPrefix("is empty") { e.kind = .notDICOM }  // a readable file that is no DICOM
            throw e
        }
        var err = dcs_error()
        var out: OpaquePointer?
        let status = dcs_file_load(path, pixelDataInFile ? 1 : 0, &out, &err)
        guard status == DCS_OK, let out else { throw error(status, err, file: path, tag: nil) }
        return DICOMFile(handle: out, path: path)
    }

    /// DCMTK's one-time set-up (`dcs_configure`); see `DICOMReader.prepare()`.
    static func configure() { dcs_configure() }

    /// A new, empty file that will be saved at `path`.
    static func empty(path: String) throws -> DICOMFile {
        guard let h = dcs_file_new() else { throw DoseSumError(.internalError, "DCMTK could not create a dataset", file: path) }
        return DICOMFile(handle: h, path: path)
    }

    var dataset: DICOMItem { DICOMItem(file: self, pointer: dcs_file_dataset(handle)) }

    /// Transfer syntax UID the file was read in ("" for a new file).
    var transferSyntaxUID: String {
        var buf = [CChar](repeating: 0, count: 80)
        dcs_file_transfer_syntax(handle, &buf, buf.count)
        return decode(buf)
    }

    /// PixelData as host-order samples of `T.bitWidth` (16 or 32) bits.
    func pixels<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, count: Int) throws -> [T] {
        var out = [T](repeating: 0, count: count)
        var err = dcs_error()
        let status = out.withUnsafeMutableBytes { dcs_file_copy_pixels(handle, UInt16(T.bitWidth), $0.baseAddress, count, &err) }
        guard status == DCS_OK else { throw Self.error(status, err, file: path, tag: DICOMTag.pixelData) }
        return out
    }

    /// True when PixelData is still in the file as uncompressed little-endian samples, so that
    /// `PixelPartReader` can read parts of it (concurrently, one reader per thread).
    var pixelDataIsInFile: Bool { dcs_file_pixels_in_file(handle) != 0 }

    /// Runs `body` with a reader of PixelData byte ranges (host-order samples when `pixelDataIsInFile`).
    /// Readers of one file may be used on different threads at once, one reader per thread.
    func withPixelPartReader<R>(_ body: (borrowing PixelPartReader) throws -> R) throws -> R {
        var err = dcs_error()
        var out: OpaquePointer?
        let status = dcs_pixel_reader_open(handle, &out, &err)
        guard status == DCS_OK, let out else { throw Self.error(status, err, file: path, tag: DICOMTag.pixelData) }
        let reader = PixelPartReader(handle: out, path: path)
        defer { dcs_pixel_reader_free(out) }
        return try body(reader)
    }

    /// Saves as Explicit VR Little Endian at `destination` (no atomicity here; see `DICOMWriter`).
    func save(to destination: String) throws {
        var err = dcs_error()
        let status = dcs_file_save(handle, destination, &err)
        guard status == DCS_OK else { throw Self.error(status, err, file: path, tag: nil) }
    }

    static func error(_ status: dcs_status, _ err: dcs_error, file: String, tag: DICOMTag?) -> DoseSumError {
        let message = withUnsafeBytes(of: err.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let kind: DoseSumError.Kind
        switch status {
        case DCS_ERR_IO: kind = .io
        case DCS_ERR_NOT_DICOM: kind = .notDICOM
        case DCS_ERR_MISSING: kind = .missingAttribute
        case DCS_ERR_INVALID: kind = .invalidValue
        case DCS_ERR_UNSUPPORTED: kind = .unsupported
        default: kind = .internalError
        }
        return DoseSumError(kind, message, file: file, tag: tag)
    }
}

/// Reads byte ranges of one file's PixelData straight from the file (see `DICOMFile.withPixelPartReader`).
struct PixelPartReader: ~Copyable {
    fileprivate let handle: OpaquePointer
    let path: String

    /// Copies `destination.count` bytes of PixelData starting at `byteOffset`.
    func read(byteOffset: Int, into destination: UnsafeMutableRawBufferPointer) throws {
        var err = dcs_error()
        let status = dcs_pixel_reader_read(handle, UInt64(byteOffset), destination.baseAddress, destination.count, &err)
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: path, tag: DICOMTag.pixelData) }
    }
}

private func decode(_ buf: [CChar]) -> String {
    buf.withUnsafeBytes { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}

/// A borrowed view of the dataset or of one sequence item of a `DICOMFile` (keeps the file alive).
struct DICOMItem {
    let file: DICOMFile
    fileprivate let pointer: OpaquePointer?

    fileprivate init(file: DICOMFile, pointer: OpaquePointer?) { self.file = file; self.pointer = pointer }

    func contains(_ tag: DICOMTag) -> Bool { dcs_item_contains(pointer, tag.group, tag.element) != 0 }

    /// Stored value length in bytes (0 when absent or empty).
    func valueLength(_ tag: DICOMTag) -> UInt64 { dcs_item_length(pointer, tag.group, tag.element) }

    /// The whole value as text (values joined by `\`), nil when absent.
    func string(_ tag: DICOMTag) throws -> String? {
        var err = dcs_error()
        var needed = 0
        var status = dcs_item_string(pointer, tag.group, tag.element, nil, 0, &needed, &err)
        if status == DCS_ERR_MISSING { return nil }
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
        var buf = [CChar](repeating: 0, count: needed + 1)
        status = dcs_item_string(pointer, tag.group, tag.element, &buf, buf.count, &needed, &err)
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
        return decode(buf)
    }

    /// All numeric values in one pass (fast for long DS such as ContourData); nil when absent.
    ///
    /// The value is parsed once, into a buffer sized from its length: a value of L bytes holds at
    /// most L/2 + 1 numbers (a DS number takes at least one character and a backslash; a binary
    /// number at least 2 bytes).
    func doubles(_ tag: DICOMTag) throws -> [Double]? {
        var err = dcs_error()
        var count = 0
        let capacity = Int(clamping: valueLength(tag) / 2) + 1
        var out = [Double](repeating: 0, count: capacity)
        var status = out.withUnsafeMutableBufferPointer {
            dcs_item_float64s(pointer, tag.group, tag.element, $0.baseAddress, capacity, &count, &err)
        }
        if status == DCS_ERR_MISSING { return nil }
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
        if count > capacity {  // not expected (see above); read again at the size found
            out = [Double](repeating: 0, count: count)
            status = out.withUnsafeMutableBufferPointer {
                dcs_item_float64s(pointer, tag.group, tag.element, $0.baseAddress, count, &count, &err)
            }
            guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
        }
        out.removeLast(out.count - count)
        return out
    }

    /// Items of a sequence (empty when absent).
    func items(_ tag: DICOMTag) -> [DICOMItem] {
        let n = dcs_item_sequence_count(pointer, tag.group, tag.element)
        return (0..<n).compactMap { i in
            dcs_item_sequence_item(pointer, tag.group, tag.element, i).map { DICOMItem(file: file, pointer: $0) }
        }
    }

    // MARK: writing

    /// Sets an attribute from its text form (the data dictionary gives the VR).
    func set(_ tag: DICOMTag, _ value: String) throws {
        var err = dcs_error()
        let status = dcs_item_put_string(pointer, tag.group, tag.element, value, &err)
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
    }
    func remove(_ tag: DICOMTag) { dcs_item_remove(pointer, tag.group, tag.element) }

    /// Appends a new item to a sequence (created when absent).
    func appendItem(_ tag: DICOMTag) throws -> DICOMItem {
        var err = dcs_error()
        guard let p = dcs_item_append_sequence_item(pointer, tag.group, tag.element, &err) else {
            throw DICOMFile.error(DCS_ERR_INVALID, err, file: file.path, tag: tag)
        }
        return DICOMItem(file: file, pointer: p)
    }
    func setEmptySequence(_ tag: DICOMTag) throws {
        var err = dcs_error()
        let status = dcs_item_put_empty_sequence(pointer, tag.group, tag.element, &err)
        guard status == DCS_OK else { throw DICOMFile.error(status, err, file: file.path, tag: tag) }
    }
    /// Creates PixelData of `count` 32-bit samples inside DCMTK and lets `fill` write them in place
    /// (host order; the buffer is zero-filled and lives as long as the file).
    func createPixels(count: Int, fill: (UnsafeMutableBufferPointer<UInt32>) throws -> Void) throws {
        var err = dcs_error()
        var raw: UnsafeMutableRawPointer?
        let status = dcs_item_create_pixels(pointer, 32, count, &raw, &err)
        guard status == DCS_OK, let raw else { throw DICOMFile.error(status, err, file: file.path, tag: .pixelData) }
        try fill(UnsafeMutableBufferPointer(start: raw.bindMemory(to: UInt32.self, capacity: count), count: count))
    }
}

import Crypto
import Foundation
import RTCore

/// SHA-256 (apple/swift-crypto) of a file, read in 1 MiB chunks so that a large dose file is never
/// held in memory at once.
enum FileDigest {
    static let chunkBytes = 1 << 20

    /// The lower-case hexadecimal digest and the number of bytes hashed. Throws `.io` naming the file
    /// when it cannot be opened or read.
    static func sha256(path: String) throws -> (hex: String, bytes: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DoseSumError(.io, "cannot open the file to compute its SHA-256: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        var hasher = SHA256()
        var bytes = 0
        // One buffer for the whole file: no allocation per chunk.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkBytes)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw DoseSumError(.io, "cannot read the file to compute its SHA-256: \(String(cString: strerror(errno)))", file: path)
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            bytes += n
        }
        return (hex(hasher.finalize()), bytes)
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

#if os(Linux)
import Glibc
#endif

/// Asks the kernel to back a large, freshly allocated and not yet written buffer with transparent huge
/// pages (Linux `madvise(MADV_HUGEPAGE)`; no-op elsewhere, on small buffers, or when THP is off).
///
/// Filling the sample arrays is dominated by first-touch page faults (a 4 KiB page each, tens of
/// thousands per structure set); 2 MiB pages need 512 times fewer. Only the whole 2 MiB pages inside
/// the buffer are advised, so memory outside it is never affected. Contents are unchanged.
enum HugePages {
    static let size = 2 << 20

    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= 2 * size, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}

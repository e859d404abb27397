#if canImport(Glibc)
import Glibc
#endif

/// Hints to the operating system about large working arrays.
public enum MemoryAdvice {
    /// Asks Linux to back the reserved storage of `array` (its whole capacity) with transparent
    /// huge pages, when the system allows them on request (`transparent_hugepage=madvise`).
    ///
    /// Why: filling a freshly reserved column of tens of megabytes otherwise costs one page fault
    /// per 4 KiB; with 2 MiB pages it costs one per 2 MiB. Only whole 2 MiB pages inside the
    /// array's own storage are advised. Arrays under 4 MiB are left alone, and so are arrays over
    /// 64 MiB: on the 10M-trade benchmark book (`tearsheet-bench`), advising those (the round-trip
    /// columns) raised the kernel's time instead of lowering it. No effect without Glibc
    /// (macOS, static Musl builds).
    public static func hugePages<T>(_ array: inout [T]) {
        #if canImport(Glibc)
        let bytes = array.capacity * MemoryLayout<T>.stride
        guard bytes >= 4 << 20, bytes <= 64 << 20 else { return }
        array.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let huge: UInt = 2 << 20
            let first = UInt(bitPattern: base)
            let start = (first + huge - 1) & ~(huge - 1)
            let end = (first + UInt(bytes)) & ~(huge - 1)
            guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(p, Int(end - start), MADV_HUGEPAGE)
        }
        #endif
    }
}

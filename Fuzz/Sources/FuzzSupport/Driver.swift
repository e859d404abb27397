import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

/// Starting libFuzzer from an executable target.
///
/// SwiftPM links Linux executables with `--defsym main=<module>_main` (the renamed entry point of
/// the target's top-level code), so libFuzzer's own `main` cannot be used: each target's
/// `main.swift` calls `FuzzDriver.run` instead, which hands the command line to libFuzzer's
/// library entry point `LLVMFuzzerRunDriver`. The targets still export `LLVMFuzzerTestOneInput`,
/// so the same source links against any other libFuzzer-compatible driver.
public enum FuzzDriver {
    /// Runs libFuzzer over `body` with the process's arguments; never returns.
    public static func run(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, body))
    }

    /// The input as a byte array (empty for a null pointer).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

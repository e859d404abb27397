import FuzzSupport
import TearsheetCore
import TearsheetPipeline

/// Fuzzes `BatchManifest.load` on a TOML manifest (`TOMLDocument`: UTF-8, control characters,
/// the TOML grammar, TOMLKit; then every key's checks and the output-folder clash check). The
/// contract: a manifest with at least one book, or a `BatchManifestError`, never a crash; every
/// problem names the manifest; a TOML or encoding error is located at LINE:COLUMN (both >= 1);
/// every book's paths are absolute and standardised.
let scratch: Scratch? = Scratch(tag: "manifest-toml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let scratch else { return 0 }
    let path = scratch.write("m.toml", UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    do {
        let m = try BatchManifest.load(path: path)
        precondition(!m.entries.isEmpty, "a manifest without books")
        for e in m.entries {
            for p in [e.config, e.out] {
                precondition(p.hasPrefix("/") && !p.contains("//") && !p.contains("/./") && !p.contains("/../"), "path not standardised: \(p)")
            }
        }
    } catch {
        precondition(!error.problems.isEmpty, "an error without problems")
        for p in error.problems {
            precondition(p.file == path, "problem on another file: \(p)")
            precondition(p.line >= 0 && p.column >= 0, "negative location: \(p)")
            if p.message.hasPrefix("TOML syntax error") || p.message.contains("not valid UTF-8") {
                precondition(p.line >= 1 && p.column >= 1, "syntax or encoding error without its location: \(p)")
            }
        }
    }
    return 0
}

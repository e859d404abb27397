// swift-tools-version: 6.1
// libFuzzer targets for Tearsheet's input readers. A package of its own so the main package's
// build and tests never see the sanitizer flags; build and run through `scripts/fuzz`, which
// passes `-Xswiftc -sanitize=fuzzer,address` (a plain `swift build` here fails to link: the
// targets call libFuzzer's `LLVMFuzzerRunDriver`, which only the fuzzer runtime defines).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder (the worktree's name), so find it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One executable per fuzz target; each defines `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: [
        "FuzzSupport", .product(name: "Tearsheet", package: root),
    ])
}

let package = Package(
    name: "TearsheetFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        /// Declares libFuzzer's `LLVMFuzzerRunDriver` for Swift.
        .target(name: "CLibFuzzer"),
        /// The driver entry point and the scratch files the path-based readers need.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "Tearsheet", package: root)]),
        fuzzTarget("csv-reader"),
        fuzzTarget("trades"),
        fuzzTarget("positions"),
        fuzzTarget("cashflows"),
        fuzzTarget("prices"),
        fuzzTarget("benchmark"),
        fuzzTarget("config-toml"),
        fuzzTarget("manifest-toml"),
        fuzzTarget("templates"),
        fuzzTarget("path-policy"),
    ],
    swiftLanguageModes: [.v6]
)

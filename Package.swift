// swift-tools-version: 6.1
// Tearsheet: audited portfolio performance reports. Data flows one way:
// Ingest -> Valuation -> Metrics / Attribution -> Report -> Render; the CLI sits on top.
import PackageDescription

let package = Package(
    name: "Tearsheet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tearsheet", targets: ["tearsheet"]),
        .library(name: "Tearsheet", targets: [
            "TearsheetCore", "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics",
            "TearsheetAttribution", "TearsheetReport", "TearsheetRender", "TearsheetPipeline", "TearsheetImport",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Tests only: the oracle FastMustacheTests compares the template engine with.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // MARK: - Pipeline stages (public library targets)

        /// Calendar days, columnar ledger tables, findings and the shared error type.
        .target(name: "TearsheetCore"),
        /// Byte-level CSV reader, schema mapping, validation, benchmark files, TOML config.
        .target(name: "TearsheetIngest", dependencies: [
            "TearsheetCore",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        /// Holdings, NAV, P&L, external flows, time-weighted returns, FIFO round trips.
        .target(name: "TearsheetValuation", dependencies: ["TearsheetCore"]),
        /// Pure metric functions, the metric registry, rolling windows and period tables.
        .target(name: "TearsheetMetrics", dependencies: ["TearsheetCore"]),
        /// Contribution linking, period, regime and week-type attribution, benchmark factors.
        .target(name: "TearsheetAttribution", dependencies: ["TearsheetCore", "TearsheetMetrics"]),
        /// The report document model and the builder that fills it from the analytics (`BookRun`).
        .target(name: "TearsheetReport", dependencies: [
            "TearsheetCore", "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics",
            "TearsheetAttribution",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        /// Markdown and HTML (Mustache templates), SVG charts, CSV, XLSX, PDF and the manifest.
        .target(name: "TearsheetRender", dependencies: [
            "TearsheetCore", "TearsheetReport", "CXlsxWriter", "CFileSystem", "CCairo", "CPango", "CRsvg",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        /// Broker statements into a book: Interactive Brokers Flex Query XML (streaming XMLParser)
        /// mapped onto the canonical trades, cash flows, positions, prices, corporate actions and
        /// instruments, with the import report. Before the pipeline: it writes the files Ingest reads.
        .target(name: "TearsheetImport", dependencies: [
            "TearsheetCore", "TearsheetIngest",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),

        /// Runs the stages in order: loads a book (config, benchmarks, inputs), validates it, runs the
        /// analytics, writes a report set; and many books in one run (`Batch/`: manifest, shards,
        /// bounded scheduler, summary, resume). The only target that calls more than one stage.
        .target(name: "TearsheetPipeline", dependencies: [
            "TearsheetCore", "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics",
            "TearsheetAttribution", "TearsheetReport", "TearsheetRender", "TearsheetImport",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),

        /// Seeded generators: the bundled example book and large synthetic books for benchmarks.
        .target(name: "TearsheetDemo", dependencies: ["TearsheetCore", "TearsheetMetrics"]),

        // MARK: - Implementation details

        /// libxlsxwriter (Debian libxlsxwriter-dev); only TearsheetRender imports it.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev", "zlib1g-dev", "pkg-config"])]
        ),

        /// glibc's `renameat2` (RENAME_EXCHANGE) and `syncfs`, which Swift's Glibc module does not
        /// declare: a header and two functions that call them (defining no C library symbol); only
        /// TearsheetRender's `FileSystem` uses it.
        .target(name: "CFileSystem"),

        /// cairo with its PDF surface (Debian libcairo2-dev): pages, vector drawing, the PDF file.
        /// Only `TearsheetRender/PDF/PDFCanvas.swift` imports it, as for CPango and CRsvg.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo-pdf",
            providers: [.apt(["libcairo2-dev", "pkg-config"])]
        ),
        /// Pango through cairo (Debian libpango1.0-dev): text layout, wrapping, fonts via fontconfig.
        .systemLibrary(
            name: "CPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "fonts-dejavu-core"])]
        ),
        /// librsvg (Debian librsvg2-dev): draws the report's SVG charts onto a cairo page.
        .systemLibrary(
            name: "CRsvg",
            pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev"])]
        ),

        // MARK: - Command-line tool

        /// Installed builds link the Swift runtime into the binary (`--static-swift-stdlib`, see
        /// scripts/install): faster start-up and no toolchain needed where it runs. SwiftPM applies
        /// that flag to every compile as well, so it is a build option, not a linker setting here.
        .executableTarget(name: "tearsheet", dependencies: [
            "TearsheetCore", "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics",
            "TearsheetAttribution", "TearsheetReport", "TearsheetRender", "TearsheetDemo", "TearsheetPipeline",
            "TearsheetImport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Benchmarks (release-mode executable: swift run -c release tearsheet-bench)

        .executableTarget(name: "tearsheet-bench", dependencies: [
            "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics", "TearsheetAttribution",
            "TearsheetReport", "TearsheetRender", "TearsheetDemo", "TearsheetPipeline", "TearsheetCore", "TearsheetImport",
        ], path: "Benchmarks/TearsheetBench"),

        // MARK: - Tests

        .testTarget(name: "TearsheetCoreTests", dependencies: [
            "TearsheetCore", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TearsheetIngestTests", dependencies: [
            "TearsheetIngest", "TearsheetCore", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "TearsheetValuationTests", dependencies: [
            "TearsheetValuation", "TearsheetCore", "TearsheetIngest",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TearsheetMetricsTests", dependencies: [
            "TearsheetMetrics", "TearsheetCore", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "TearsheetAttributionTests", dependencies: [
            "TearsheetAttribution", "TearsheetCore", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TearsheetReportTests", dependencies: [
            "TearsheetReport", "TearsheetCore", "TearsheetIngest", "TearsheetValuation",
            "TearsheetMetrics", "TearsheetAttribution",
        ]),
        .testTarget(name: "TearsheetRenderTests", dependencies: [
            "TearsheetRender", "TearsheetReport", "TearsheetPipeline", "TearsheetCore", "TearsheetIngest",
            "TearsheetValuation", "TearsheetMetrics", "TearsheetAttribution",
            // The test oracle of FastMustache, the only template engine at run time.
            .product(name: "Mustache", package: "swift-mustache"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "TearsheetDemoTests", dependencies: [
            "TearsheetDemo", "TearsheetReport", "TearsheetPipeline", "TearsheetCore", "TearsheetIngest",
            "TearsheetValuation", "TearsheetMetrics",
        ]),
        .testTarget(name: "TearsheetPipelineTests", dependencies: [
            "TearsheetPipeline", "TearsheetRender", "TearsheetReport", "TearsheetDemo", "TearsheetCore",
            "TearsheetIngest", "TearsheetValuation", "TearsheetMetrics", "TearsheetAttribution",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TearsheetImportTests", dependencies: [
            "TearsheetImport", "TearsheetPipeline", "TearsheetCore", "TearsheetIngest", "TearsheetReport",
            "TearsheetValuation", "TearsheetRender",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TearsheetCore"], exclude: ["Goldens", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

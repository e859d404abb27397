import Testing
@testable import TearsheetCore

@Suite struct MemoryLimitTests {
    @Test func sizesParseInPowersOf1024() throws {
        #expect(try MemoryLimit.parse("4G").bytes == 4 << 30)
        #expect(try MemoryLimit.parse("512M").bytes == 512 << 20)
        #expect(try MemoryLimit.parse("1.5GiB").bytes == 3 << 29)
        #expect(try MemoryLimit.parse(" 2048mb ").bytes == 2 << 30)
        #expect(try MemoryLimit.parse("1073741824").bytes == 1 << 30)
        #expect(try MemoryLimit.parse("4G").source == "--max-memory 4G")
        for bad in ["", "G", "4X", "-1G", "0", "1.2.3G", "100K", "nan"] {
            #expect(throws: MemoryLimitError.self, "\(bad)") { try MemoryLimit.parse(bad) }
        }
    }

    @Test func formatAndDefault() {
        #expect(MemoryLimit.format(3 << 29) == "1.5 GiB")
        #expect(MemoryLimit.format(512 << 20) == "512 MiB")
        let d = MemoryLimit.defaultLimit()
        #expect(d.bytes > 64 << 20)
        #expect(d.source.hasPrefix("the default, 80% of the"))
        // This process is running, so it has a resident size.
        #expect((MemoryWatchdog.residentBytes() ?? 0) > 1 << 20)
    }
}

import Foundation
import Testing
@testable import TearsheetIngest
import TearsheetCore

/// `AccountRowDigest`: each account's records of a shared file, hashed exactly as the file holds
/// them, split as `CSVReader` counts lines.
@Suite struct AccountRowDigestTests {
    func sha(_ s: String) -> String { ByteHash.sha256(Array(s.utf8)) }

    @Test func hashesEachAccountsRecordsWithTheirLineEnds() {
        let text = "date,account,amount\n2024-01-02,A,1\r\n2024-01-02,B,2\n2024-01-03,A,3"
        // Lines: 1 header, 2 A, 3 B, 4 A (no final line end).
        let (d, whole) = AccountRowDigest.digests(bytes: Array(text.utf8), accountOfLine: [2: 0, 3: 1, 4: 0], accounts: 2)
        #expect(d[0] == .init(sha256: sha("2024-01-02,A,1\r\n2024-01-03,A,3"), rows: 2))
        #expect(d[1] == .init(sha256: sha("2024-01-02,B,2\n"), rows: 1))
        #expect(whole == sha(text))
    }

    @Test func quotedLineBreaksCommentsAndLoneCRFollowTheReader() {
        // A comment line with a stray quote before the header; a quoted field spanning two lines
        // (the next record starts on line 5); a lone CR line end; a blank line.
        let text = "# it's \"odd\n" + "date,account,note\n" + "2024-01-02,A,\"two\nlines\"\n" + "2024-01-02,B,x\r" + "\r\n" + "2024-01-03,A,y\n"
        let (d, _) = AccountRowDigest.digests(bytes: Array(text.utf8), accountOfLine: [3: 0, 5: 1, 7: 0], accounts: 2)
        #expect(d[0] == .init(sha256: sha("2024-01-02,A,\"two\nlines\"\n2024-01-03,A,y\n"), rows: 2))
        #expect(d[1] == .init(sha256: sha("2024-01-02,B,x\r"), rows: 1))
        // The reader agrees on the line numbers the digest uses.
        var lines: [Int] = []
        var bytes = Array(text.utf8), findings = Findings()
        _ = CSVReader.read(&bytes, file: "f.csv", findings: &findings) { row in lines.append(row.line) }
        #expect(lines == [3, 5, 7])
    }

    @Test func chunkBoundariesChangeNothing() throws {
        // CRLF line ends and a quoted field with CRLF inside, read from disk in 1-byte to 7-byte chunks.
        let text = "date,account,note\r\n2024-01-02,A,\"a\r\nb\"\r\n2024-01-02,B,c\r\n2024-01-03,A,d\r\n"
        let expected = AccountRowDigest.digests(bytes: Array(text.utf8), accountOfLine: [2: 0, 4: 1, 5: 0], accounts: 2)
        #expect(expected.digests[0].sha256 == sha("2024-01-02,A,\"a\r\nb\"\r\n2024-01-03,A,d\r\n"))
        for chunk in 1...7 {
            var scanner = AccountRowDigest.Scanner(accountOfLine: [2: 0, 4: 1, 5: 0], accounts: 2)
            let bytes = Array(text.utf8)
            var i = 0
            while i < bytes.count {
                let piece = Array(bytes[i..<min(bytes.count, i + chunk)])
                piece.withUnsafeBytes { scanner.feed($0) }
                i += chunk
            }
            let got = scanner.finish()
            #expect(got.digests == expected.digests && got.whole == expected.whole, "chunk \(chunk)")
        }
    }

    @Test func aFileChangedSinceItWasReadIsAnError() throws {
        let path = Fixtures.write("date,account\n2024-01-02,A\n")
        #expect(throws: TearsheetError.self) {
            _ = try AccountRowDigest.digests(path: path, display: "flows.csv", accountOfLine: [2: 0], accounts: 1, expectedSHA256: sha("other"))
        }
        let d = try AccountRowDigest.digests(path: path, display: "flows.csv", accountOfLine: [2: 0], accounts: 1,
                                             expectedSHA256: sha("date,account\n2024-01-02,A\n"))
        #expect(d == [AccountRowDigest.Digest(sha256: sha("2024-01-02,A\n"), rows: 1)])
    }
}

/// The branding keys of `[report]`: validated, located, the logo read and recognised.
@Suite struct BrandingConfigTests {
    func load(_ report: String, files: [String: [UInt8]] = [:]) throws -> (BookConfig?, Findings) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("branding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n".write(to: dir.appendingPathComponent("trades.csv"), atomically: true, encoding: .utf8)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        let path = dir.appendingPathComponent("tearsheet.toml").path
        try ("name = \"b\"\n[inputs]\ntrades = \"trades.csv\"\n[report]\n" + report).write(toFile: path, atomically: true, encoding: .utf8)
        return BookConfig.load(path: path)
    }

    @Test func keysAreReadAndTheLogoEmbedded() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 120, 0, 0, 0, 40, 8, 6, 0, 0, 0]
        let (c, f) = try load("firm = \"Acme Wealth\"\nlogo = \"logo.png\"\naccent_color = \"#1A2B3C\"\ncontact = \"clients@acme.example\"\ndisclosures = \"Past performance ...\"\n",
                              files: ["logo.png": png])
        #expect(!f.hasErrors, "\(f.lines)")
        let b = try #require(c).branding
        #expect(b.firm == "Acme Wealth" && b.accentColor == "#1a2b3c" && b.contact == "clients@acme.example" && b.disclosures == "Past performance ...")
        #expect(b.logo?.format == .png && b.logo?.bytes == png)
        #expect(b.logo?.pngSize.map { [$0.width, $0.height] } == [120, 40])
    }

    @Test func companyStandsInForFirmAndDefaultsAreBundled() throws {
        let (c, _) = try load("company = \"Old Co\"\n")
        #expect(c?.branding.firm == "Old Co")
        #expect(c?.branding.accent == Branding.defaultAccent && c?.branding.logo == nil)
    }

    @Test func badColourAndBadLogoAreLocatedErrors() throws {
        let (_, f) = try load("title = \"t\"\naccent_color = \"blue\"\nlogo = \"logo.txt\"\n", files: ["logo.txt": Array("hello".utf8)])
        let colour = try #require(f.errors.first { $0.message.contains("accent_color") })
        #expect(colour.line == 6 && colour.message.contains("expected #RRGGBB"))
        let logo = try #require(f.errors.first { $0.message.contains("logo") })
        #expect(logo.line == 7 && logo.message.contains("neither a PNG nor an SVG"))
    }
}

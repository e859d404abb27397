import Foundation
import TearsheetCore

extension LedgerBuilder {
    /// Decodes closing prices: `prices.csv` with `date, symbol, close`, or a folder holding one
    /// `SYMBOL.csv` with `date, close` per symbol. Rows may come in any order; two closes for the
    /// same symbol and day are an error (`duplicate-price`).
    mutating func readPrices(path: String) {
        hasPrices = true
        var rows: [Int32: (days: [Day], values: [Double], lines: [Int32], file: String)] = [:]
        var symbols = self.symbols
        if FileBytes.isDirectory(path) {
            displayName["prices"] = path
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.lowercased().hasSuffix(".csv") }.sorted()
            if names.isEmpty {
                findings.append(Finding(file: path, line: 0, column: 0, severity: .error, code: "empty-price-folder",
                                        message: "price folder holds no SYMBOL.csv files; expected one date,close file per symbol"))
            }
            // Each entry must resolve inside the prices folder itself (a link to another file of
            // the folder is fine; one leading elsewhere is refused at open time, see `SecureOpen`),
            // and the folder inside the run's roots.
            let folderReal = SecureOpen.realPath(path)
            let entryPolicy = PathPolicy(roots: folderReal.map { options.pathPolicy.allows($0) ? [$0] : [] } ?? [])
            for name in names {
                let symbol = String(name.dropLast(4))
                if symbol.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                    findings.append(Finding(file: path, line: 0, column: 0, severity: .error, code: "control-character",
                                            message: "a file name in the price folder holds a control character; expected SYMBOL.csv with a printable symbol"))
                    continue
                }
                var u = Array(symbol.utf8)
                let id = u.withUnsafeMutableBufferPointer { symbols.intern(UnsafeBufferPointer($0)).id }
                let file = path.hasSuffix("/") ? path + name : path + "/" + name
                var entry: (days: [Day], values: [Double], lines: [Int32], file: String) = ([], [], [], file)
                _ = readFile(role: "prices:" + symbol, path: file, schema: .priceFolderFile, policy: entryPolicy) { dec, row in
                    let d = dec.day(row, dec.header("date"))
                    let v = dec.number(row, dec.header("close"), .positive)
                    guard let d, let v else { return }
                    entry.days.append(d); entry.values.append(v); entry.lines.append(Int32(row.line))
                }
                rows[id] = entry
            }
        } else {
            // Flat columns in file order (sized from the file: a row takes at least 20 bytes,
            // `YYYY-MM-DD,SYM,1.0` and a line end), then one counting sort by symbol id: no
            // per-symbol arrays grown row by row on the hot path.
            let expectedRows = FileBytes.size(path) / 20 + 16
            var rowSymbol: [Int32] = [], rowDay: [Day] = [], rowValue: [Double] = [], rowLine: [Int32] = []
            rowSymbol.reserveCapacity(expectedRows); rowDay.reserveCapacity(expectedRows)
            rowValue.reserveCapacity(expectedRows); rowLine.reserveCapacity(expectedRows)
            var cDate = -1, cSymbol = -1, cClose = -1
            if !(options.plainPrices && readPlainPrices(path: path, symbols: &symbols, rowSymbol: &rowSymbol, rowDay: &rowDay,
                                                         rowValue: &rowValue, rowLine: &rowLine)) {
                _ = readFile(role: "prices", path: path, schema: .prices) { dec, row in
                    if cDate < 0 { cDate = dec.header("date"); cSymbol = dec.header("symbol"); cClose = dec.header("close") }
                    let d = dec.day(row, cDate)
                    let sym = dec.text(row, cSymbol, identifier: true).map { symbols.intern($0).id }
                    let v = dec.number(row, cClose, .positive)
                    guard let d, let sym, let v else { return }
                    rowSymbol.append(sym); rowDay.append(d); rowValue.append(v); rowLine.append(Int32(row.line))
                }
            }
            var start = [Int](repeating: 0, count: symbols.count + 1)
            for y in rowSymbol { start[Int(y) + 1] += 1 }
            for k in 0..<symbols.count { start[k + 1] += start[k] }
            // The sort moves the rows themselves, reading them in file order: a file sorted by
            // date then symbol would otherwise be gathered a row per cache line per symbol.
            let n = rowSymbol.count
            var fill = start
            var byDay = [Day](repeating: Day(serial: 0), count: n), byValue = [Double](repeating: 0, count: n)
            var byLine = [Int32](repeating: 0, count: n)
            for i in 0..<n {
                let y = Int(rowSymbol[i]), k = fill[y]
                byDay[k] = rowDay[i]; byValue[k] = rowValue[i]; byLine[k] = rowLine[i]
                fill[y] = k + 1
            }
            for k in 0..<symbols.count where start[k + 1] > start[k] {
                let r = start[k]..<start[k + 1]
                rows[Int32(k)] = (Array(byDay[r]), Array(byValue[r]), Array(byLine[r]), path)
            }
        }
        self.symbols = symbols
        let names = symbols.names
        for id in rows.keys.sorted() {
            let e = rows[id]!
            // Strictly increasing days (the usual file): no sorting and no duplicates to look for.
            if !zip(e.days, e.days.dropFirst()).contains(where: { $0 >= $1 }) {
                prices.series[id] = DatedSeries(days: e.days, values: e.values)
                priceSource[id] = (e.file, e.lines)
                continue
            }
            var order = Array(e.days.indices)
            order.sort { (e.days[$0], e.lines[$0]) < (e.days[$1], e.lines[$1]) }
            var days: [Day] = [], values: [Double] = [], lines: [Int32] = []
            days.reserveCapacity(order.count); values.reserveCapacity(order.count)
            var lastLine: Int32 = 0
            for k in order {
                if let last = days.last, last == e.days[k] {
                    let dateColumn = e.file == path ? column("prices", "date") : column("prices:" + names[Int(id)], "date")
                    findings.append(Finding(file: e.file, line: Int(e.lines[k]), column: dateColumn, severity: .error, code: "duplicate-price",
                                            message: "column 'date': \(names[Int(id)]) already has a close on \(last) (line \(lastLine)); expected one close per symbol and day"))
                    continue
                }
                days.append(e.days[k]); values.append(e.values[k]); lines.append(e.lines[k]); lastLine = e.lines[k]
            }
            prices.series[id] = DatedSeries(days: days, values: values)
            priceSource[id] = (e.file, lines)
        }
    }

    /// The largest prices file `readPlainPrices` reads whole (larger ones stream through the CSV
    /// reader, whose memory does not grow with the file).
    static let plainPricesLimit = 64 << 20

    /// Reads `prices.csv` in its plain form in one pass over its bytes, without the general CSV
    /// reader and field decoder: the header exactly `date,symbol,close`, then lines
    /// `YYYY-MM-DD,SYMBOL,CLOSE` ending in LF or CRLF (the last may have none), every date a
    /// calendar date, every symbol printable ASCII without spaces or quotes, every close a plain
    /// number above 0 and at most 1e18. The rows, the symbols interned, the file's record and the
    /// header map are exactly those of the general path (`PlainPricesTests` compares both on
    /// seeded files). At the first byte outside that form it returns `false` having changed
    /// nothing, and the general path reads the file and reports what it finds.
    ///
    /// Why: the prices are most of an account's input (52,000 rows for 40 symbols over 5 years),
    /// so their cost per row sets the ingest time of an account report, and the general path
    /// decodes every field through the typed decoder (`tearsheet-bench account-report` times it).
    mutating func readPlainPrices(path: String, symbols: inout ByteInterner, rowSymbol: inout [Int32], rowDay: inout [Day],
                                  rowValue: inout [Double], rowLine: inout [Int32]) -> Bool {
        let size = FileBytes.size(path)
        guard size > 0, size <= Self.plainPricesLimit, let bytes = try? FileBytes.read(path, policy: options.pathPolicy), bytes.count == size else { return false }
        let header = Array("date,symbol,close".utf8)
        var first = header.count
        guard bytes.count > first, Array(bytes[0..<first]) == header else { return false }
        if bytes[first] == 0x0A { first += 1 } else if first + 1 < bytes.count && bytes[first] == 0x0D && bytes[first + 1] == 0x0A { first += 2 } else { return false }
        // Parts of whole lines, parsed side by side (a file of the threshold's size or more) while
        // one more task hashes the bytes; each part has its own interner, mapped to the book's in
        // file order, so ids and rows are those of one pass. Every line is one row (the plain form
        // has no blank line), so row r is on line r + 2.
        let parts = size >= options.parallelThreshold ? workers : 1
        var cuts = [first]
        for k in 1..<parts {
            var c = max(cuts[k - 1], first + (size - first) * k / parts)
            while c < size && c > first && bytes[c - 1] != 0x0A { c += 1 }
            cuts.append(c)
        }
        cuts.append(size)
        var results = [PlainPricesPart?](repeating: nil, count: parts)
        var digest = ""
        let bounds = cuts
        withUnsafeMutablePointer(to: &digest) { hash in
            results.withUnsafeMutableBufferPointer { out in
                bytes.withUnsafeBufferPointer { buf in
                    let shared = UnsafeBox((buf.baseAddress!, out, hash))
                    let task: @Sendable (Int) -> Void = { k in
                        let (p, out, hash) = shared.value
                        if k == parts {
                            hash.pointee = ByteHash.sha256(bytes)
                        } else {
                            out[k] = PlainPricesPart.parse(p, from: bounds[k], to: bounds[k + 1],
                                                           expected: (bounds[k + 1] - bounds[k]) / 20 + 16)
                        }
                    }
                    if workers > 1 {
                        DispatchQueue.concurrentPerform(iterations: parts + 1, execute: task)
                    } else {
                        for k in 0...parts { task(k) }
                    }
                }
            }
        }
        var interner = symbols
        var sym: [Int32] = [], days: [Day] = [], values: [Double] = [], lines: [Int32] = []
        let expected = size / 20 + 16
        sym.reserveCapacity(expected); days.reserveCapacity(expected); values.reserveCapacity(expected); lines.reserveCapacity(expected)
        for part in results {
            guard let part else { return false }
            let ids = part.symbols.remap(into: &interner)
            sym.append(contentsOf: part.symbol.lazy.map { ids[Int($0)] })
            days.append(contentsOf: part.days)
            values.append(contentsOf: part.values)
        }
        lines.append(contentsOf: (0..<Int32(sym.count)).lazy.map { $0 + 2 })
        guard !sym.isEmpty else { return false }
        var headerFindings = Findings(cap: options.findingCap)
        guard let map = HeaderMap.map(header: ["date", "symbol", "close"], schema: .prices, file: path, findings: &headerFindings),
              headerFindings.items.isEmpty else { return false }
        symbols = interner
        rowSymbol = sym; rowDay = days; rowValue = values; rowLine = lines
        displayName["prices"] = path
        files.append(InputFileInfo(role: "prices", path: path, byteCount: size, dataRows: sym.count, sha256: digest))
        columns["prices"] = map
        return true
    }
}

/// Rows of one part of a plain prices file (`LedgerBuilder.readPlainPrices`): symbols interned in
/// the part's own order of first appearance.
struct PlainPricesPart {
    var symbols = ByteInterner()
    var symbol: [Int32] = []
    var days: [Day] = []
    var values: [Double] = []

    /// Parses the lines `p[from..<to]` (whole lines; the last may lack its line end only at the
    /// file's end), or `nil` at the first byte outside the plain form.
    static func parse(_ p: UnsafePointer<UInt8>, from: Int, to n: Int, expected: Int) -> PlainPricesPart? {
        var part = PlainPricesPart()
        part.symbol.reserveCapacity(expected); part.days.reserveCapacity(expected); part.values.reserveCapacity(expected)
        var i = from
        func lineEnd() -> Bool {
            if i < n && p[i] == 0x0A { i += 1; return true }
            if i + 1 < n && p[i] == 0x0D && p[i + 1] == 0x0A { i += 2; return true }
            return false
        }
        var lastWord: UInt64 = 0, lastTail: UInt16 = 0, lastDay: Day? = nil
        while i < n {
            // The date: ten bytes and a comma; a run of equal dates is parsed once.
            guard i + 11 <= n, p[i + 10] == 0x2C else { return nil }
            let raw = UnsafeRawPointer(p + i)
            let word = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            let day: Day
            if let lastDay, word == lastWord, tail == lastTail {
                day = lastDay
            } else {
                guard let d = Day.parseISO(UnsafeBufferPointer(start: p + i, count: 10)) else { return nil }
                day = d; lastDay = d; lastWord = word; lastTail = tail
            }
            i += 11
            // The symbol: printable ASCII up to the comma.
            let s0 = i
            while i < n && p[i] != 0x2C {
                guard p[i] > 0x20 && p[i] < 0x7F && p[i] != 0x22 else { return nil }
                i += 1
            }
            guard i < n, i > s0, i - s0 <= 256 else { return nil }
            let id = part.symbols.intern(UnsafeBufferPointer(start: p + s0, count: i - s0)).id
            i += 1
            // The close: up to the line end.
            let c0 = i
            while i < n && p[i] != 0x0A && p[i] != 0x0D {
                guard p[i] > 0x20 && p[i] < 0x7F && p[i] != 0x2C && p[i] != 0x22 else { return nil }
                i += 1
            }
            guard i - c0 <= 256, case .value(let v) = Numbers.parse(UnsafeBufferPointer(start: p + c0, count: i - c0)),
                  v > 0, v <= FieldDecoder.maxMagnitude else { return nil }
            if i < n { guard lineEnd() else { return nil } }
            part.symbol.append(id); part.days.append(day); part.values.append(v)
        }
        return part
    }
}

/// A pointer handed to `concurrentPerform`'s tasks, each of which touches its own part of it.
struct UnsafeBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

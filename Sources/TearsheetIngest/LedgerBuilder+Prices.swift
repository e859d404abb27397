import Foundation

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
            for name in names {
                let symbol = String(name.dropLast(4))
                var u = Array(symbol.utf8)
                let id = u.withUnsafeMutableBufferPointer { symbols.intern(UnsafeBufferPointer($0)).id }
                let file = path.hasSuffix("/") ? path + name : path + "/" + name
                var entry: (days: [Day], values: [Double], lines: [Int32], file: String) = ([], [], [], file)
                _ = readFile(role: "prices:" + symbol, path: file, schema: .priceFolderFile) { dec, row in
                    let d = dec.day(row, dec.header("date"))
                    let v = dec.number(row, dec.header("close"), .positive)
                    guard let d, let v else { return }
                    entry.days.append(d); entry.values.append(v); entry.lines.append(Int32(row.line))
                }
                rows[id] = entry
            }
        } else {
            _ = readFile(role: "prices", path: path, schema: .prices) { dec, row in
                let h = dec.header
                let d = dec.day(row, h("date"))
                let sym = dec.text(row, h("symbol")).map { symbols.intern($0).id }
                let v = dec.number(row, h("close"), .positive)
                guard let d, let sym, let v else { return }
                if rows[sym] == nil { rows[sym] = ([], [], [], path) }
                rows[sym]!.days.append(d); rows[sym]!.values.append(v); rows[sym]!.lines.append(Int32(row.line))
            }
        }
        self.symbols = symbols
        let names = symbols.names
        for id in rows.keys.sorted() {
            let e = rows[id]!
            var order = Array(e.days.indices)
            if zip(e.days, e.days.dropFirst()).contains(where: { $0 >= $1 }) {
                order.sort { (e.days[$0], e.lines[$0]) < (e.days[$1], e.lines[$1]) }
            }
            var days: [Day] = [], values: [Double] = []
            days.reserveCapacity(order.count); values.reserveCapacity(order.count)
            var lastLine: Int32 = 0
            for k in order {
                if let last = days.last, last == e.days[k] {
                    findings.append(Finding(file: e.file, line: Int(e.lines[k]), column: 1, severity: .error, code: "duplicate-price",
                                            message: "column 'date': \(names[Int(id)]) already has a close on \(last) (line \(lastLine)); expected one close per symbol and day"))
                    continue
                }
                days.append(e.days[k]); values.append(e.values[k]); lastLine = e.lines[k]
            }
            prices.series[id] = DatedSeries(days: days, values: values)
        }
    }
}

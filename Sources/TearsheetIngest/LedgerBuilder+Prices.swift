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
            // Columnar per symbol id (arrays, not a dictionary, on the per-row path).
            var cols: [Int] = []
            var byID: [(days: [Day], values: [Double], lines: [Int32])] = []
            _ = readFile(role: "prices", path: path, schema: .prices) { dec, row in
                if cols.isEmpty { cols = [dec.header("date"), dec.header("symbol"), dec.header("close")] }
                let d = dec.day(row, cols[0])
                let sym = dec.text(row, cols[1]).map { symbols.intern($0).id }
                let v = dec.number(row, cols[2], .positive)
                guard let d, let sym, let v else { return }
                let k = Int(sym)
                while byID.count <= k { byID.append(([], [], [])) }
                byID[k].days.append(d); byID[k].values.append(v); byID[k].lines.append(Int32(row.line))
            }
            for (k, e) in byID.enumerated() where !e.days.isEmpty {
                rows[Int32(k)] = (e.days, e.values, e.lines, path)
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
                    let dateColumn = e.file == path ? column("prices", "date") : column("prices:" + names[Int(id)], "date")
                    findings.append(Finding(file: e.file, line: Int(e.lines[k]), column: dateColumn, severity: .error, code: "duplicate-price",
                                            message: "column 'date': \(names[Int(id)]) already has a close on \(last) (line \(lastLine)); expected one close per symbol and day"))
                    continue
                }
                days.append(e.days[k]); values.append(e.values[k]); lastLine = e.lines[k]
            }
            prices.series[id] = DatedSeries(days: days, values: values)
        }
    }
}

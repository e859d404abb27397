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
            // Flat columns in file order (sized from the file: a row takes at least 20 bytes,
            // `YYYY-MM-DD,SYM,1.0` and a line end), then one counting sort by symbol id: no
            // per-symbol arrays grown row by row on the hot path.
            let expectedRows = FileBytes.size(path) / 20 + 16
            var rowSymbol: [Int32] = [], rowDay: [Day] = [], rowValue: [Double] = [], rowLine: [Int32] = []
            rowSymbol.reserveCapacity(expectedRows); rowDay.reserveCapacity(expectedRows)
            rowValue.reserveCapacity(expectedRows); rowLine.reserveCapacity(expectedRows)
            var cDate = -1, cSymbol = -1, cClose = -1
            _ = readFile(role: "prices", path: path, schema: .prices) { dec, row in
                if cDate < 0 { cDate = dec.header("date"); cSymbol = dec.header("symbol"); cClose = dec.header("close") }
                let d = dec.day(row, cDate)
                let sym = dec.text(row, cSymbol).map { symbols.intern($0).id }
                let v = dec.number(row, cClose, .positive)
                guard let d, let sym, let v else { return }
                rowSymbol.append(sym); rowDay.append(d); rowValue.append(v); rowLine.append(Int32(row.line))
            }
            var start = [Int](repeating: 0, count: symbols.count + 1)
            for y in rowSymbol { start[Int(y) + 1] += 1 }
            for k in 0..<symbols.count { start[k + 1] += start[k] }
            var order = [Int32](repeating: 0, count: rowSymbol.count)
            var fill = start
            for (i, y) in rowSymbol.enumerated() {
                order[fill[Int(y)]] = Int32(i)
                fill[Int(y)] += 1
            }
            for k in 0..<symbols.count where start[k + 1] > start[k] {
                let rowsOfK = order[start[k]..<start[k + 1]]
                rows[Int32(k)] = (rowsOfK.map { rowDay[Int($0)] }, rowsOfK.map { rowValue[Int($0)] },
                                  rowsOfK.map { rowLine[Int($0)] }, path)
            }
        }
        self.symbols = symbols
        let names = symbols.names
        for id in rows.keys.sorted() {
            let e = rows[id]!
            // Strictly increasing days (the usual file): no sorting and no duplicates to look for.
            if !zip(e.days, e.days.dropFirst()).contains(where: { $0 >= $1 }) {
                prices.series[id] = DatedSeries(days: e.days, values: e.values)
                continue
            }
            var order = Array(e.days.indices)
            order.sort { (e.days[$0], e.lines[$0]) < (e.days[$1], e.lines[$1]) }
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

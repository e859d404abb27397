import TearsheetCore

/// Week-type attribution: book days grouped by the Monday-Friday trading week they fall in.
enum WeekTypeAttribution {
    static func classifications(panel p: Panel, primary: Benchmark, weekLabels: [(Day, String)],
                                config: AttributionConfig, notes: inout [String]) -> [Classification] {
        let cal = TradingCalendar(days: primary.closes.days)
        var weekOf = [Int](repeating: 0, count: p.count)
        var weeks: [TradingWeek] = []
        for t in 0..<p.count {
            let m = p.days[t].weekStart
            if weeks.last?.monday != m { weeks.append(TradingWeek(monday: m, calendar: cal)) }
            weekOf[t] = weeks.count - 1
        }
        var out: [Classification] = []
        out.append(GroupStatistics.classify(panel: p, name: "calendar", labels: weekOf.map { weeks[$0].flags.primary },
                                            weekOf: weekOf, config: config))
        // Overlapping flags: each week counts under every flag it carries.
        var flagGroups: [GroupStatistics] = []
        for label in WeekFlags.precedence.map(\.label) + ["regular"] {
            let idx = (0..<p.count).filter { weeks[weekOf[$0]].flags.labels.contains(label) }
            guard !idx.isEmpty else { continue }
            var n = 0, last = -1
            for t in idx where weekOf[t] != last { n += 1; last = weekOf[t] }
            flagGroups.append(GroupStatistics.compute(panel: p, label: label, days: idx, weeks: n, config: config))
        }
        out.append(Classification(name: "calendar-flags", isPartition: false, groups: flagGroups.sorted { $0.label < $1.label }))
        let market = weeks.map { w in
            MarketWeekType.classify(closes: primary.closes, monday: w.monday, strong: config.weekStrong, flat: config.weekFlat)
        }
        out.append(GroupStatistics.classify(panel: p, name: "market", labels: weekOf.map { market[$0] },
                                            weekOf: weekOf, config: config))
        if !weekLabels.isEmpty {
            var map: [Day: String] = [:]
            for (d, l) in weekLabels {
                if map[d.weekStart] != nil { notes.append("week_types: week of \(d.weekStart) labelled more than once; the last label is used") }
                map[d.weekStart] = l
            }
            out.append(GroupStatistics.classify(panel: p, name: "user",
                                                labels: weekOf.map { map[weeks[$0].monday] ?? "unlabelled" },
                                                weekOf: weekOf, config: config))
        }
        return out
    }
}

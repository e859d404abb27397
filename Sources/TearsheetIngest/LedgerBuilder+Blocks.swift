import Foundation
import TearsheetCore

extension LedgerBuilder {
    /// Threads that parse one large file (`IngestOptions.parallelism`, else the active cores).
    var workers: Int { max(1, options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// A block's decoding state: its own field decoder (findings, header map) and the reader's state.
    struct BlockDecoding<State> {
        var dec: FieldDecoder
        var state: State
    }

    /// Reads `path` as a CSV of `schema` in blocks parsed on `workers` threads
    /// (`CSVReader.readBlocks`): `makeState` gives each block its own state (on this thread, in
    /// file order), `row` decodes a row into it (on a worker), `merge` takes each finished block's
    /// state on this thread in file order. Returns `true` with the file recorded and its findings
    /// merged exactly as `readFile` does; or `false`, having changed nothing, when the file is to
    /// be read on one thread (small, quoted, irregular or unreadable: `readFile` then reads and
    /// reports it), in which case the caller drops what `merge` received.
    ///
    /// Why the result equals one thread's: rows reach `row` with their exact line numbers, each
    /// block's findings are capped like the whole file's, so appended in block order they give
    /// the same items and suppressed counts; what a state holds by first appearance (interned
    /// names) `merge` takes in block order.
    mutating func readFileInBlocks<State>(role: String, path: String, schema: Schema, makeState: () -> State,
                                          row: @escaping (inout State, inout FieldDecoder, CSVRow) -> Void,
                                          merge: (inout State) -> Void) -> Bool {
        let cap = options.findingCap
        var map: HeaderMap?
        var reader = Findings(cap: cap), decoder = Findings(cap: cap)
        let read: CSVReader.BlockSummary?
        do {
            read = try CSVReader.readBlocks(
                path: path, workers: workers, blockSize: options.chunkSize, threshold: options.parallelThreshold,
                cap: cap, policy: options.pathPolicy,
                header: { header, f in
                    map = HeaderMap.map(header: header, schema: schema, file: path, findings: &f)
                    return map != nil
                },
                makeState: { BlockDecoding(dec: FieldDecoder(file: path, header: map!, cap: cap), state: makeState()) },
                row: { d, r in row(&d.state, &d.dec, r) },
                consume: { block in
                    reader.append(contentsOf: block.findings)
                    decoder.append(contentsOf: block.state.dec.findings)
                    merge(&block.state.state)
                })
        } catch {
            return false
        }
        guard let read else { return false }
        displayName[role] = path
        var all = read.headerFindings
        all.append(contentsOf: reader)
        finishFile(role: role, path: path, summary: read.summary, reader: all, decoder: decoder, header: map, mapped: true)
        return true
    }
}

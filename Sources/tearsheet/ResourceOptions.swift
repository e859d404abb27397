import ArgumentParser
import TearsheetCore

/// `--max-memory`: the resource limit of a run (docs/scale.md). Every command that loads a book
/// takes it; past the limit the run stops with exit 1 and a message, never a kill.
struct ResourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Stop with exit 1 (nothing written) when memory use passes SIZE, e.g. 4G or 512M (default: 80% of the memory this process may use).", valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if let m = maxMemory { do { _ = try MemoryLimit.parse(m) } catch { throw ValidationError(error.message) } }
    }

    /// Starts the memory watchdog with the limit; `context` names the run in its message.
    func startWatchdog(_ context: String) {
        let limit = maxMemory.flatMap { try? MemoryLimit.parse($0) } ?? MemoryLimit.defaultLimit()
        MemoryWatchdog.start(limit, context: context)
    }
}

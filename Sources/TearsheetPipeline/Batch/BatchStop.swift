import Foundation
import TearsheetCore

/// The batch's stop request, set from a signal handler (or a test) and read by the scheduler
/// before it starts each book. Once set it stays set.
public final class BatchStop: @unchecked Sendable {
    // A lock rather than `Synchronization.Atomic`, which needs macOS 15 and the package targets macOS 13.
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    /// Asks the scheduler to start no new book.
    public func request() { lock.withLock { stopped = true } }

    public var isRequested: Bool { lock.withLock { stopped } }
}

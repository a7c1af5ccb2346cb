import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import NIOConcurrencyHelpers

/// PDFs printed by headless Chromium, which takes a second or more and blocks the thread that
/// waits for it. Waited for on the cooperative pool, two prints stalled every other request
/// (`/healthz` took 2.3 s); so each print waits on a thread of its own, at most `running` print
/// at once, at most `waiting` more queue for their turn, and any beyond are refused (503).
/// A print that takes longer than `timeout` is stopped (`PDFPrinter`). The result is kept per
/// table version by `PublishedTables`, so a PDF is printed once.
final class PrintQueue: Sendable {
    let running: Int
    let waiting: Int
    let timeout: TimeInterval

    private struct State {
        var busy = 0
        var queue: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    /// What prints a page's HTML (Chromium; the tests pass a stand-in that blocks as Chromium does).
    let printer: @Sendable (String, TimeInterval) throws -> [UInt8]

    init(running: Int = 2, waiting: Int = 16, timeout: TimeInterval = 60,
         printer: @escaping @Sendable (String, TimeInterval) throws -> [UInt8] = { try PDFPrinter.bytes(html: $0, timeout: $1) }) {
        self.running = running
        self.waiting = waiting
        self.timeout = timeout
        self.printer = printer
    }

    func print(_ table: BudgetTable) async throws -> [UInt8] {
        try await print(html: TableHTML.page(table))
    }

    func print(html: String) async throws -> [UInt8] {
        try await turn()
        defer { done() }
        let (timeout, printer) = (timeout, printer)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try printer(html, timeout) })
            }
            thread.name = "jixiao-pdf"
            thread.start()
        }
    }

    /// Waits for a free printer, or refuses when too many already wait.
    private func turn() async throws {
        enum Decision { case go, wait, refuse }
        let decision = state.withLockedValue { state -> Decision in
            if state.busy < running {
                state.busy += 1
                return .go
            }
            return state.queue.count < waiting ? .wait : .refuse
        }
        switch decision {
        case .go: return
        case .refuse: throw HTTPError(.serviceUnavailable, headers: [.retryAfter: "10"], message: "正在生成的 PDF 较多，请稍后再试。")
        case .wait:
            await withCheckedContinuation { continuation in
                let now = state.withLockedValue { state -> Bool in
                    // A printer may have come free between the decision and here.
                    if state.busy < running {
                        state.busy += 1
                        return true
                    }
                    state.queue.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
    }

    /// Hands the printer to the next in the queue (its count stays), or frees it.
    private func done() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.queue.isEmpty {
                state.busy -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.resume()
    }

    /// Prints under way and waiting (for the tests).
    var load: (busy: Int, queued: Int) { state.withLockedValue { ($0.busy, $0.queue.count) } }
}

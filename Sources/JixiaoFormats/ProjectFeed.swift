import Dispatch
import Foundation

/// The projects of a table document as its outline is read (`TableJSONReader`): the outline is
/// read on a thread of its own and hands over each project's place as it passes it, so that
/// projects are read on every core while the outline is still being read. Read first and alone,
/// the outline was a tenth of a JSON read during which one core waited.
///
/// What was handed over is only a guess until the outline is whole: a document may name
/// `units` or `money_unit` twice (the last counts), so the reader compares what it was handed
/// with the finished outline before it relies on it, or hands back any of the input.
final class ProjectFeed: @unchecked Sendable {
    struct Place: Equatable {
        var unit: Int
        var project: Int
        var start: Int
    }

    private let condition = NSCondition()
    private var places: [Place] = []
    private var unitCount = 0
    private var projectCount = 0
    private var moneyUnitText: String?
    private var outcome: Result<TableJSONReader.Outline, Error>?
    private var stopping = false
    /// How far the reader has taken places; the outline waits while it is `ahead` places
    /// further (nil: never), until the reader waits for the whole outline.
    private var taken = 0
    private let ahead: Int?
    private var wholeWanted = false
    private let finished = DispatchSemaphore(value: 0)

    /// The reader asked the outline to stop (it has thrown, and the bytes will go).
    struct Stopped: Error {}

    /// Reads the outline of `bytes` on a thread of its own. The bytes must stay until `stop()`
    /// or `outline()` has returned. `ahead` holds the outline back to that many places past the
    /// reader: the tests' way to have the reader take projects before the outline is whole.
    init(reading bytes: UnsafeBufferPointer<UInt8>, ahead: Int? = nil) {
        self.ahead = ahead
        let bytes = SharedBytes(bytes: bytes)
        let thread = Thread { [self] in
            let outcome = Result { try TableJSONReader.outline(bytes.bytes, strict: false, feed: self) }
            condition.lock()
            self.outcome = outcome
            condition.broadcast()
            condition.unlock()
            finished.signal()
        }
        thread.start()
    }

    // MARK: The outline's side

    func beginUnit() {
        condition.lock()
        unitCount += 1
        projectCount = 0
        condition.unlock()
    }

    func found(projectAt start: Int) throws {
        condition.lock()
        defer { condition.unlock() }
        while let ahead, places.count >= taken + ahead, !stopping, !wholeWanted {
            // The reader may be waiting for what is there already.
            condition.broadcast()
            condition.wait()
        }
        if stopping { throw Stopped() }
        places.append(Place(unit: unitCount - 1, project: projectCount, start: start))
        projectCount += 1
        if places.count % 256 == 0 { condition.broadcast() }
    }

    func found(moneyUnit: String) {
        condition.lock()
        moneyUnitText = moneyUnit
        condition.unlock()
    }

    // MARK: The reader's side

    /// The `count` places from `start` with the money unit read so far, once the outline has
    /// passed them; nil once the outline is finished (its own places are then the ones to read).
    func batch(from start: Int, count: Int) -> (places: [Place], moneyUnit: String?)? {
        condition.lock()
        defer { condition.unlock() }
        taken = start
        condition.broadcast()
        while places.count < start + count && outcome == nil { condition.wait() }
        guard outcome == nil else { return nil }
        taken = start + count
        condition.broadcast()
        return (Array(places[start..<start + count]), moneyUnitText)
    }

    /// Whether the first `count` places handed over are the finished outline's, read against
    /// the same money unit.
    func agrees(_ count: Int, moneyUnit: String?, with outline: [Place], _ outlineUnit: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return count <= outline.count && places.count >= count && places[..<count].elementsEqual(outline[..<count])
            && (count == 0 || moneyUnit == outlineUnit)
    }

    /// The finished outline, or its error.
    func outline() throws -> TableJSONReader.Outline {
        condition.lock()
        wholeWanted = true
        condition.broadcast()
        condition.unlock()
        waitUntilFinished()
        condition.lock()
        defer { condition.unlock() }
        return try outcome!.get()
    }

    /// Stops the outline (where it has not finished) and waits for its thread to end.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        waitUntilFinished()
    }

    private func waitUntilFinished() {
        finished.wait()
        finished.signal()
    }
}

/// The document's bytes cross to the outline's thread, which only reads them, and only while
/// the reader waits for it to end (`ProjectFeed.stop`, `outline`).
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

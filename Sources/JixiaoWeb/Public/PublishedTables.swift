import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// What the public may read: the newest publication of each department's year (a table under
/// correction is read as it was published, `PublicationStore`), each rendered once per format
/// and revision and kept (a published table changes only by a new revision, a new key).
/// A lock, not an actor: a cached page is two dictionary reads, and the actor's two hops per
/// request cost more than the reads. The database is asked outside the lock; two requests
/// missing at once may both render, and the second write is the same bytes.
final class PublishedTables: Sendable {
    struct Key: Hashable {
        var department: String
        var year: Int
        var version: Int
        var revision: Int
        var format: String

        init(_ summary: TableSummary, format: String) {
            (department, year, version, revision, self.format) = (summary.department, summary.fiscalYear, summary.version, summary.revision, format)
        }
    }

    private struct Listing {
        var at: ContinuousClock.Instant
        var tables: [TableSummary]
        var byName: [String: [Int: TableSummary]]
        /// Each department's years' publications, the newest last (none for a table published
        /// before publications were kept, which is read as stored).
        var publications: [String: [Int: [Publication]]]
        /// The site's settings (管理 › 站点设置), read with the list.
        var siteSettings: [String: String]
        /// The review settings of each fiscal year (admin › 审核规则) and their versions: read
        /// with the list, so that every page reviews with the same settings for a while.
        var settings: [Int: (settings: ReviewSettings, version: Int)]
        /// Display names by login, for the signed-in pages' comments and timelines (a renamed
        /// account shows within the list's lifetime); not part of the generation.
        var displayNames: [String: String]
        /// Moves on whenever the published tables, their versions or the review settings
        /// change (`PublicCache`).
        var generation: Int

        var fingerprint: [String] {
            tables.map { "\($0.department)|\($0.fiscalYear)|\($0.version)|\($0.revision)" } + settings.map { "settings|\($0.key)|\($0.value.version)" }.sorted()
        }
    }

    private struct State {
        /// Kept as ByteBuffers: a response shares the cached storage instead of copying it.
        var rendered: [Key: ByteBuffer] = [:]
        var tables: [Key: BudgetTable] = [:]
        var listing: Listing?
        /// The one read of the list under way: when the list goes stale under load, every
        /// request waiting for it shares one database read instead of sending its own.
        var reading: Task<Listing, any Error>?
        /// Moves on with `refresh()`, so that a read begun before it is not kept as fresh.
        var epoch = 0
        /// Renderings under way: requests for the same one wait for it instead of each making
        /// it (32 crawlers asking for one new PDF print it once).
        var rendering: [Key: Task<ByteBuffer?, any Error>] = [:]
    }

    let repository: any TableRepository
    let cache: PublicCache
    /// Chromium for every PDF the site serves, public or signed-in: off the shared pools, bounded.
    let printer = PrintQueue()
    private let state = NIOLockedValueBox(State())
    /// How stale the list of published tables may be: public pages are cached a minute by
    /// browsers anyway, and asking the database on every request cost nine tenths of a page.
    /// (Tests that look into the cache set it longer, so a busy machine cannot age it mid-test.)
    let listLifetime: Duration
    static let defaultListLifetime = Duration.seconds(2)

    let clock: WebClock

    init(repository: any TableRepository, listLifetime: Duration = defaultListLifetime, clock: WebClock = .system, hsts: Bool = false) {
        self.repository = repository
        cache = PublicCache(hsts: hsts)
        self.listLifetime = listLifetime
        self.clock = clock
    }

    private func listing() async throws -> Listing {
        let now = clock.now()
        let (listing, reading) = state.withLockedValue { state -> (Listing?, Task<Listing, any Error>?) in
            if let listing = state.listing, now - listing.at < listLifetime { return (listing, nil) }
            if let reading = state.reading { return (nil, reading) }
            let epoch = state.epoch
            let reading = Task { try await self.read(at: now, epoch: epoch) }
            state.reading = reading
            return (nil, reading)
        }
        if let listing { return listing }
        return try await reading!.value
    }

    private func read(at now: ContinuousClock.Instant, epoch: Int) async throws -> Listing {
        do {
            return try await readDatabase(at: now, epoch: epoch)
        } catch {
            state.withLockedValue { state in if state.epoch == epoch { state.reading = nil } }
            throw error
        }
    }

    private func readDatabase(at now: ContinuousClock.Instant, epoch: Int) async throws -> Listing {
        // The stored tables first: a correction keeps its table's first publication in the
        // transaction that moves it out of 已公开, so read in this order it is in one or the other.
        let stored = try await repository.listTables()
        let (publications, byName) = Self.current(stored: stored, publications: try await repository.publications.all())
        let tables = byName.values.flatMap(\.values).sorted { ($0.fiscalYear, $0.department) < ($1.fiscalYear, $1.department) }
        let siteSettings = try await repository.siteSettings.all()
        let displayNames = Dictionary(try await repository.accounts.accounts().map { ($0.login, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        var settings: [Int: (settings: ReviewSettings, version: Int)] = [:]
        for (year, stored) in try await repository.workflow.reviewSettings() {
            // Saved by this program from a ReviewSettings; unreadable JSON would be a bug, and the defaults are the safe reading.
            settings[year] = ((try? JSONDecoder().decode(ReviewSettings.self, from: Data(stored.json.utf8))) ?? ReviewSettings(), stored.version)
        }
        return state.withLockedValue { state in
            var listing = Listing(at: now, tables: tables, byName: byName, publications: publications, siteSettings: siteSettings,
                                  settings: settings, displayNames: displayNames, generation: 0)
            if let previous = state.listing {
                listing.generation = previous.fingerprint == listing.fingerprint ? previous.generation : previous.generation + 1
            }
            // A read overtaken by `refresh()` answers its own callers but is not kept.
            guard state.epoch == epoch else { return listing }
            state.listing = listing
            state.reading = nil
            return listing
        }
    }

    /// What the public reads of each department's year: its newest publication unless that was
    /// withdrawn (撤回公开), or — published before publications were kept (schema 8) — the
    /// table as stored, until it is first corrected. With every publication by department and year.
    static func current(stored: [TableSummary], publications all: [Publication])
        -> (publications: [String: [Int: [Publication]]], byName: [String: [Int: TableSummary]]) {
        var publications: [String: [Int: [Publication]]] = [:]
        for publication in all {
            publications[publication.summary.department, default: [:]][publication.summary.fiscalYear, default: []].append(publication)
        }
        var byName: [String: [Int: TableSummary]] = [:]
        for (department, years) in publications {
            for (year, revisions) in years where revisions.last?.withdrawnAt == nil { byName[department, default: [:]][year] = revisions.last?.summary }
        }
        for table in stored where table.state == .published && publications[table.department]?[table.fiscalYear] == nil {
            byName[table.department, default: [:]][table.fiscalYear] = table
        }
        return (publications, byName)
    }

    /// The review settings of a fiscal year, and their version (0: the defaults).
    func reviewSettings(year: Int) async throws -> (settings: ReviewSettings, version: Int) {
        try await listing().settings[year] ?? (ReviewSettings(), 0)
    }

    /// Display names by login (`Listing.displayNames`).
    func displayNames() async throws -> [String: String] {
        try await listing().displayNames
    }

    /// Who takes the 公开 step, as the site's settings say.
    func publishing() async throws -> Publishing {
        try await listing().siteSettings[Publishing.settingName].flatMap(Publishing.init(rawValue:)) ?? .byReviewer
    }

    /// Every publication of a department's year, the first first (empty if it was published
    /// before publications were kept, or never).
    func publications(department: String, year: Int) async throws -> [Publication] {
        try await listing().publications[department]?[year] ?? []
    }

    /// The next request reads the list and the settings again (after an administrator saved them).
    func refresh() {
        state.withLockedValue { state in
            state.listing?.at = clock.now() - listLifetime * 2
            state.epoch += 1
            state.reading = nil
        }
    }

    /// The generation of the published list if it is fresh enough to answer from; nil when
    /// the next request must ask the database.
    func freshGeneration() -> Int? {
        state.withLockedValue { state in
            state.listing.flatMap { clock.now() - $0.at < listLifetime ? $0.generation : nil }
        }
    }

    /// Keeps an anonymous response to `request` for the cache in front of the router, if the
    /// request named it by its `canonical` path: `/tables/0002025/…` or a department spelt
    /// with lower-case escapes is answered, but never kept (each spelling would be an entry).
    func remember(_ request: Request, _ response: Response, body: ByteBuffer, canonical: String) {
        guard let key = PublicCache.key(request.head), key == canonical, let generation = freshGeneration() else { return }
        cache.store(key, response, body: body, generation: generation)
    }

    func list() async throws -> [TableSummary] { try await listing().tables }

    func summary(department: String, year: Int) async throws -> TableSummary? {
        try await listing().byName[department]?[year]
    }

    func table(_ summary: TableSummary) async throws -> BudgetTable? {
        let key = Key(summary, format: "")
        if let table = state.withLockedValue({ $0.tables[key] }) { return table }
        guard let table = try await Self.load(summary, repository) else { return nil }
        state.withLockedValue { $0.tables[key] = table }
        return table
    }

    /// The table in `format` (`fragment` for the page's table HTML), rendered once per version.
    func bytes(_ summary: TableSummary, format: String, render: @escaping @Sendable (BudgetTable) async throws -> [UInt8]) async throws -> ByteBuffer? {
        let key = Key(summary, format: format)
        let (done, task) = state.withLockedValue { state -> (ByteBuffer?, Task<ByteBuffer?, any Error>?) in
            if let bytes = state.rendered[key] { return (bytes, nil) }
            if let task = state.rendering[key] { return (nil, task) }
            let task = Task { () async throws -> ByteBuffer? in
                defer { self.state.withLockedValue { _ = $0.rendering.removeValue(forKey: key) } }
                guard let table = try await self.table(summary) else { return nil }
                let bytes = ByteBuffer(bytes: try await render(table))
                self.state.withLockedValue { $0.rendered[key] = bytes }
                return bytes
            }
            state.rendering[key] = task
            return (nil, task)
        }
        if let done { return done }
        return try await task!.value
    }
}

extension TableSummary {
    /// A strong validator for a rendering of this version of the table.
    func etag(_ format: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(department)|\(fiscalYear)|\(version)|\(revision)|\(format)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return "\"" + String(hash, radix: 16) + "\""
    }

    var path: String { SiteURL.publicTable(key).path }
}

enum WebPath {
    /// A path segment for a department name (Chinese, parentheses): percent-encoded UTF-8, by
    /// hand for the same reason as `decode` (a signed-in page makes a dozen links; Foundation's
    /// form was 5 % of its time). Kept as Foundation's `urlPathAllowed` less "/" (a test compares).
    static func encode(_ segment: String) -> String {
        guard !segment.utf8.allSatisfy(pathAllowed) else { return segment }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count * 3)
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in segment.utf8 {
            if pathAllowed(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Letters, digits and `!$&'()*+,-.:=@_~`.
    static func pathAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!$&'()*+,-.:=@_~".utf8.contains(byte)
        }
    }

    /// Percent-decoded UTF-8, by hand: Foundation's `removingPercentEncoding` went through
    /// UTF-16 and was a tenth of a cached page's time. Malformed input comes back as it was.
    static func decode(_ segment: String) -> String {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return segment }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count)
        var iterator = segment.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return segment }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self) ?? segment
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension WebPath {
    /// A value for a query string: everything but the unreserved characters percent-encoded.
    static func encodeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: asciiAlphanumerics(plus: "-._~/")) ?? ""
    }

    /// ASCII letters and digits (Foundation's `alphanumerics` has every script's) and `extra`.
    static func asciiAlphanumerics(plus extra: String) -> CharacterSet {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: extra)
        return allowed
    }
}

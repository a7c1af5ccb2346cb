import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoCore
@testable import JixiaoFormats
import JixiaoStore
import JixiaoTestSupport
@testable import JixiaoWeb
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// Issue 14's findings about the server's own resources: uploads, printing, connections.
@Suite struct ServerGuardTests {
    static let overflowWorkbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JixiaoFormatsTests/Fixtures/overflow-amount.xlsx")

    // MARK: Findings 2 and 4 — uploads that crashed the server or filled its memory

    @Test func hostileWorkbooksAreRefusedOnUpload() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let editor = try await Browser.signedIn(client, "editor1")
            let page = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let overflow = Array(try Data(contentsOf: Self.overflowWorkbook))
            let refused = try await editor.upload(page + "/upload", from: page, fields: [("replace", "1")], file: ("file", "overflow-amount.xlsx", overflow))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("9223372036854.7758075") && refused.text.contains("财政拨款"))

            let bomb = try Self.paddedBomb()
            let bombed = try await editor.upload(page + "/upload", from: page, fields: [("replace", "1")], file: ("file", "bomb.xlsx", bomb))
            #expect(bombed.status == .unprocessableContent && bombed.text.contains("解压后将超过 64 MiB"))
            // The table is as it was.
            #expect(try await editor.get(page).status == .ok)
        }
    }

    /// 100 MiB of sheet that declares its true size, padded with 600 KiB of noise to stay
    /// under the 200:1 ratio check; the inflate cap refuses it before any part is read.
    static func paddedBomb() throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var zip = try ZipWriter(path: path)
        try zip.add("xl/worksheets/sheet1.xml", [UInt8](repeating: 0x20, count: 100 << 20))
        var random = SystemRandomNumberGenerator()
        try zip.add("xl/media/padding.bin", (0..<(600 << 10)).map { _ in UInt8.random(in: 0...255, using: &random) })
        try zip.finish()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func uploadsBeyondTheGateAreRefusedNotQueued() {
        let gate = UploadGate(limit: 1)
        let inner = gate.admit { gate.admit { "second" } }
        #expect(inner == .some(nil))
        #expect(gate.admit { "after" } == "after")
    }

    // MARK: Finding 6 — printing a PDF stalled the server

    /// Two prints that block their threads until the test lets them go, and one more queued:
    /// meanwhile other work still runs on the cooperative pool (were the prints waited for
    /// there, its threads — one per core — would be held, and the test would stop at its time
    /// limit), and a print beyond the queue is refused.
    @Test(.timeLimit(.minutes(1))) func printsWaitOnTheirOwnThreadsAndAreBounded() async throws {
        let release = DispatchSemaphore(value: 0)
        let queue = PrintQueue(running: 2, waiting: 1, timeout: 5) { _, _ in
            release.wait()
            return Array("%PDF".utf8)
        }
        let table = try SeedFixture.table
        let prints = (0..<3).map { _ in Task { try await queue.print(table) } }
        while queue.load != (busy: 2, queued: 1) { try await Task.sleep(for: .milliseconds(10)) }
        // Both printers hold their threads; the cooperative pool still answers.
        let sum = await withTaskGroup(of: Int.self) { group in
            for i in 0..<ProcessInfo.processInfo.activeProcessorCount * 8 { group.addTask { i } }
            return await group.reduce(0, +)
        }
        let n = ProcessInfo.processInfo.activeProcessorCount * 8
        #expect(sum == n * (n - 1) / 2)
        // A fourth is refused with 503, not queued.
        await #expect(throws: HTTPError.self) { try await queue.print(table) }
        for _ in 0..<3 { release.signal() }
        for print in prints { #expect(try await print.value == Array("%PDF".utf8)) }
        #expect(queue.load == (busy: 0, queued: 0))
    }

    // MARK: Finding 12 — connections held open by clients that never finish a request

    static func channel(_ deadlines: ReadDeadlines.Limits, counter: ConnectionCounter = ConnectionCounter()) throws -> EmbeddedChannel {
        let tables = PublishedTables(repository: try SQLiteRepository(path: String(TemporaryDatabase.sqliteURL("guard").dropFirst("sqlite:".count))))
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(PublicHTTPChannel.handlers(tables: tables, serverName: "Jixiao", connections: counter, deadlines: deadlines))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return channel
    }

    @Test func aHalfSentHeaderIsCutOff() throws {
        let channel = try Self.channel(.init(head: .seconds(5), body: .seconds(10), idle: .seconds(20)))
        try channel.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "))
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        try channel.writeInbound(ByteBuffer(string: "a"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "a header still unfinished after its deadline keeps the connection")
    }

    @Test func anIdleConnectionIsClosedAndABusyOneIsNot() throws {
        let channel = try Self.channel(.init(head: .seconds(5), body: .seconds(10), idle: .seconds(20)))
        try channel.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
        // The request went on to Hummingbird (a miss): the connection waits for its next request.
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func oneAddressMayHoldOnlySoManyConnections() throws {
        let counter = ConnectionCounter(perAddress: 2, exempt: ["10.0.0.1"])
        let deadlines = ReadDeadlines.Limits()
        let first = try Self.channel(deadlines, counter: counter), second = try Self.channel(deadlines, counter: counter)
        let third = try Self.channel(deadlines, counter: counter)
        #expect(first.isActive && second.isActive && !third.isActive)
        #expect(counter.count("127.0.0.1") == 2)
        _ = try first.finish()
        #expect(counter.count("127.0.0.1") == 1)
        #expect(try Self.channel(deadlines, counter: counter).isActive)
        // A trusted proxy carries everyone: it is not counted.
        for _ in 0..<5 { #expect(counter.admit("10.0.0.1")) }
    }
}

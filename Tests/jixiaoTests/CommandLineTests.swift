import Foundation
import JixiaoFormats
import JixiaoTestSupport
import JixiaoStore
import Testing

/// The `jixiao` executable as a person runs it: exit codes, messages, files.
@Suite struct CommandLineTests {
    static let packageRoot = SeedFixture.packageRoot
    static let seed = SeedFixture.path

    /// The binary beside the test bundle (SwiftPM builds it because this target depends on it).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["JIXIAO_BIN"] { return path }
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("jixiao")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/jixiao").path
    }()

    typealias Result = ProcessRunner.Output

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> Result {
        try ProcessRunner.run(binary, arguments, environment: environment, stdin: stdin)
    }

    static func runProgram(_ program: String, _ arguments: [String], stdin: Data? = nil) throws -> Result {
        try ProcessRunner.run(program, arguments, stdin: stdin)
    }

    static func temporaryDirectory() throws -> URL { try ProcessRunner.temporaryDirectory("cli") }

    @Test func convertsTheSeedThroughEveryFormat() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["json", "csv", "tsv"] {
            let middle = dir.appendingPathComponent("seed.\(ext)").path
            let back = dir.appendingPathComponent("back-\(ext).txt").path
            #expect(try Self.run(["convert", Self.seed, middle]).status == 0)
            #expect(try Self.run(["convert", middle, back]).status == 0)
            let original = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.seed)), as: UTF8.self)
            let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: back)), as: UTF8.self)
            #expect(written == String(original.drop(while: { $0 == "\n" })) + "\n")
        }
        // Nothing but the outputs: no temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test func writesTheOfficialLookingPage() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("seed.html")
        #expect(try Self.run(["convert", Self.seed, page.path]).status == 0)
        let html = String(decoding: try Data(contentsOf: page), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("编外人员聘用经费"))
        let back = try Self.run(["convert", page.path, "-", "--to", "json"])
        #expect(back.status == 2)
        #expect(back.stderr.contains("Jixiao writes HTML but does not read it"))
    }

    /// The PDF is the page printed by Chromium: A4 landscape, text extractable, page numbers.
    @Test func printsThePDF() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("seed.pdf")
        let result = try Self.run(["convert", Self.seed, pdf.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try Self.runProgram("/usr/bin/env", ["pdftotext", "-layout", pdf.path, "-"])
        let extracted = String(decoding: text.stdout, as: UTF8.self)
        #expect(extracted.contains("1,980.40"))
        #expect(extracted.contains("编外人员聘用经费"))
        #expect(extracted.contains("项目支出绩效目标表（含转移支付项目）"))
        #expect(extracted.contains("第 1 页，共"))
        let info = String(decoding: try Self.runProgram("/usr/bin/env", ["pdfinfo", pdf.path]).stdout, as: UTF8.self)
        #expect(info.contains("841.92 x 594.96 pts (A4)"))
    }

    @Test func pdfWithoutChromiumNamesThePackage() throws {
        let noChromium = ["JIXIAO_CHROMIUM": "/nonexistent/chromium", "PATH": "/usr/bin:/bin"]
        let toFile = try Self.run(["convert", Self.seed, "/tmp/jixiao-never-written.pdf"], environment: noChromium)
        #expect(toFile.status != 0)
        #expect(toFile.stderr.contains("apt-get install chromium fonts-noto-cjk"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/jixiao-never-written.pdf"))

        // To stdout as well: the failure is reported, not an empty output.
        let toStdout = try Self.run(["convert", Self.seed, "-", "--to", "pdf"], environment: noChromium)
        #expect(toStdout.status != 0)
        #expect(toStdout.stderr.contains("apt-get install chromium fonts-noto-cjk"))
    }

    @Test func stdinToStdout() throws {
        let seed = try Data(contentsOf: URL(fileURLWithPath: Self.seed))
        let json = try Self.run(["convert", "-", "-", "--to", "json"], stdin: seed)
        #expect(json.status == 0)
        #expect(String(decoding: json.stdout, as: UTF8.self).contains("\"fen\":1980400000"))
        // --pretty indents it for people: the same document.
        let pretty = try Self.run(["convert", "-", "-", "--to", "json", "--pretty"], stdin: seed)
        #expect(String(decoding: pretty.stdout, as: UTF8.self).contains("\"fen\" : 1980400000"))
        #expect(try TableJSON.read(Array(pretty.stdout)).table == TableJSON.read(Array(json.stdout)).table)
        // JSON on stdin is recognised without --from.
        let text = try Self.run(["convert", "-", "-"], stdin: json.stdout)
        #expect(text.status == 0)
        #expect(String(decoding: text.stdout, as: UTF8.self).contains("合计\t1,980.40\t1,652.20\t\t328.20\t\t"))
    }

    @Test func badInputExitsWithTwoAndWritesNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.txt")
        let seed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.seed)), as: UTF8.self)
        try Data(seed.replacingOccurrences(of: "编外人员聘用经费\t11.00", with: "编外人员聘用经费\t12,3a").utf8).write(to: bad)
        let out = dir.appendingPathComponent("out.json")
        let result = try Self.run(["convert", bad.path, out.path])
        #expect(result.status == 2)
        #expect(result.stderr == "jixiao: \(bad.path): line 12, column 总计: \"12,3a\" is not an amount in 万元\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.txt"])
    }

    /// `jixiao --version` names the program and what it exchanges: the table document's and
    /// the database schema's versions.
    @Test func theVersionSaysWhatItSpeaks() throws {
        let version = try Self.run(["--version"])
        let text = String(decoding: version.stdout, as: UTF8.self)
        #expect(version.status == 0 && text.hasPrefix("jixiao ") && text.contains("table document v2") && text.contains("database schema \(Store.schemaVersion)"))
    }

    @Test func aFailedConversionKeepsTheOldOutput() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json")
        try Data("previous".utf8).write(to: out)
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let result = try Self.run(["convert", empty.path, out.path])
        #expect(result.status == 2)
        #expect(result.stderr == "jixiao: \(empty.path): the file is empty\n")
        #expect(try Data(contentsOf: out) == Data("previous".utf8))
    }

    @Test func missingFileAndUnknownFormat() throws {
        let missing = try Self.run(["convert", "/nonexistent/x.txt", "/tmp/x.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "jixiao: /nonexistent/x.txt: no such file\n")
        let unknown = try Self.run(["convert", Self.seed, "/tmp/x.docx"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("cannot tell the format of '/tmp/x.docx'"))
    }

    @Test func generateWritesARealisticTable() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.txt").path
        #expect(try Self.run(["generate", "--projects", "300", "--units", "5", "--seed", "9", path]).status == 0)
        let again = try Self.run(["generate", "--projects", "300", "--units", "5", "--seed", "9", "-"])
        #expect(again.stdout == (try Data(contentsOf: URL(fileURLWithPath: path))))
        // What generate writes, convert reads.
        let json = try Self.run(["convert", path, "-", "--to", "json"])
        #expect(json.status == 0)
        #expect(String(decoding: json.stdout, as: UTF8.self).contains("\"format\":\"jixiao.budget-table\""))
        #expect(try Self.run(["generate", "--projects", "0", path]).status != 0)
    }

    @Test func helpShowsExamples() throws {
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
        let text = String(decoding: help.stdout, as: UTF8.self)
        #expect(text.contains("jixiao convert seed.txt seed.json"))
        #expect(text.contains("generate"))
    }

    /// A mapped input shortened by another program raises SIGBUS where the reader touches the
    /// lost pages: the command ends with status 2 and says so, never a crash. The signal is
    /// sent while `convert` waits for stdin.
    @Test func aShortenedInputIsAnInputFailureNotACrash() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        process.arguments = ["convert", "-", dir.appendingPathComponent("out.txt").path]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGBUS)
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(process.terminationReason == .exit)
        #expect(message.contains("shortened by another program while it was read; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.txt").path))
    }
}

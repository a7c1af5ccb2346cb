import Foundation
import JixiaoCore

/// The table as PDF: its HTML page printed by headless Chromium (A4 landscape, header row on
/// every page, page numbers at the foot, text extractable). Chromium comes from Debian's
/// `chromium` package, the Chinese faces from `fonts-noto-cjk`.
public enum PDFPrinter {
    public struct PrintError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where Chromium is: `JIXIAO_CHROMIUM`, else the first of its usual names on PATH.
    static func chromium() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["JIXIAO_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for directory in directories {
                let path = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    /// The PDF's bytes (printed through a temporary file).
    public static func bytes(_ table: BudgetTable, timeout: TimeInterval = 120) throws -> [UInt8] {
        try bytes(html: TableHTML.page(table), timeout: timeout)
    }

    public static func write(_ table: BudgetTable, to path: String, timeout: TimeInterval = 120) throws {
        try write(html: TableHTML.page(table), to: path, timeout: timeout)
    }

    /// Any page of ours (a 监控表 too) as PDF: the page's own `@page` rules set paper and margins.
    public static func bytes(html: String, timeout: TimeInterval = 120) throws -> [UInt8] {
        try TemporaryFile.bytes(suffix: ".pdf") { try write(html: html, to: $0, timeout: timeout) }
    }

    public static func write(html: String, to path: String, timeout: TimeInterval = 120) throws {
        guard let browser = chromium() else {
            throw PrintError(description: "writing PDF needs Chromium, which is not installed: apt-get install chromium fonts-noto-cjk")
        }
        let fileManager = FileManager.default
        let work = fileManager.temporaryDirectory.appendingPathComponent("jixiao-pdf-\(UUID().uuidString)")
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }
        let page = work.appendingPathComponent("table.html")
        let printed = work.appendingPathComponent("table.pdf")
        try Data(html.utf8).write(to: page)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=\(work.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(printed.path)", page.absoluteString,
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // Chromium's chatter is not ours to show; it is read so a full pipe cannot stall it.
        let drain = Thread { _ = log.fileHandleForReading.readDataToEndOfFile() }
        drain.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            throw PrintError(description: "\(path): Chromium did not finish printing within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0, let pdf = fileManager.contents(atPath: printed.path), pdf.starts(with: Data("%PDF".utf8)) else {
            throw PrintError(description: "\(path): Chromium could not print the table (exit status \(process.terminationStatus))")
        }
        try AtomicFile.write(Array(pdf), to: path)
    }
}

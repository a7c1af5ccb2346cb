import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import JixiaoWeb

/// The `--database` option the storage commands share.
struct DatabaseOption: ParsableArguments {
    @Option(help: "The database: sqlite:PATH or postgres://user:password@host:port/database.")
    var database: String = Store.defaultURL

    func open() async throws -> any TableRepository {
        try await StoreError.reported { try await Store.open(database) }
    }
}

extension StoreError {
    /// Store failures as the commands report them: a message and exit status 2.
    static func reported<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw InputFailure(error.description)
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store tables in the database, one transaction per file.",
        discussion: """
        Reads every format Jixiao reads (each sheet of a workbook is a department). A file with
        any read error imports nothing; a department-year already stored is refused unless
        --replace, which swaps it atomically and records it in the audit log.

          jixiao import 000_d01970435e92e0bf.txt --database sqlite:./jixiao.sqlite
          jixiao import 全区.xlsx --year 2025 --replace --database postgres://jixiao@127.0.0.1/jixiao
        """
    )

    @Argument(help: "The tables to import.")
    var files: [String]

    @OptionGroup var database: DatabaseOption

    @Option(help: "The fiscal year (default: from each table's title).")
    var year: Int?

    @Flag(help: "Replace a department-year already stored.")
    var replace = false

    @Option(help: "Who imports, for the audit log.")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    @Flag(help: "Print how long reading and storing took, on stderr.")
    var timings = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one table to import") }
    }

    func run() async throws {
        try await reportingInputFailuresAsync {
            let store = try await database.open()
            defer { Task { try? await store.close() } }
            let progress = Progress(total: files.count)
            let clock = ContinuousClock()
            var (reading, storing) = (Duration.zero, Duration.zero)
            defer {
                if timings {
                    FileHandle.standardError.write(Data("timings: read \(Seconds.text(reading)) s, store \(Seconds.text(storing)) s\n".utf8))
                }
            }
            for (index, file) in files.enumerated() {
                progress.show(index, "读取 \(file)")
                let readStart = clock.now
                let tables = try FileIO.readTables(file, format: nil, all: true)
                reading += clock.now - readStart
                var stored: [(table: BudgetTable, year: Int)] = []
                for read in tables {
                    guard let year = year ?? read.table.fiscalYear else {
                        throw InputFailure("\(file): the title does not say the fiscal year; give it with --year")
                    }
                    stored.append((read.table, year))
                }
                progress.show(index, "写入 \(file)（\(stored.reduce(0) { $0 + $1.table.projectCount }) 个项目）")
                let storeStart = clock.now
                try await StoreError.reported { try await store.importTables(stored, replace: replace, actor: actor) }
                storing += clock.now - storeStart
                progress.done()
                for (table, year) in stored {
                    print("\(file)：\(table.department) \(year) 年，\(table.units.count) 个单位，\(table.projectCount) 个项目\(replace ? "（已替换）" : "")")
                }
            }
            try await store.close()
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a stored table, or a whole year's, to a file (the format from its extension).",
        discussion: """
          jixiao export --year 2025 --department 中国共产党广州市越秀区委员会组织部（部门） table.xlsx
          jixiao export --year 2025 --all 2025.csv        every department: .csv, .jsonl or .xlsx
          jixiao export --year 2025 --all --published 2025.jsonl   what the public reads, as /bulk/2025.jsonl
        """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "The fiscal year.")
    var year: Int

    @Option(help: "The department, as its 部门名称 reads (see 'jixiao list').")
    var department: String?

    @Flag(help: "Every department's table of the year in one file: .csv (long form), .jsonl (a table a line) or .xlsx (a sheet a department).")
    var all = false

    @Flag(help: "With --all: only what the public reads (each newest publication), no draft.")
    var published = false

    @Option(help: "The output format: text, json, csv, xlsx, html or pdf (default: from the extension).")
    var to: String?

    @Argument(help: "The file to write, or '-' for stdout.")
    var output: String

    @Flag(help: "Print how long loading and writing took, on stderr.")
    var timings = false

    func validate() throws {
        guard all != (department != nil) else { throw ValidationError("give either --department or --all") }
        if published && !all { throw ValidationError("--published goes with --all") }
        if all {
            guard output != "-" else { throw ValidationError("--all writes a file: name it (the year's file is written whole or not at all)") }
            guard to == nil, BulkFormat(fileName: output) != nil else { throw ValidationError("--all writes .csv, .jsonl or .xlsx: name the file with one of those extensions") }
        }
    }

    func run() async throws {
        try await reportingInputFailuresAsync {
            let clock = ContinuousClock()
            let start = clock.now
            let store = try await database.open()
            defer { Task { try? await store.close() } }
            if all, let format = BulkFormat(fileName: output) {
                let scope: BulkExport.Scope = published ? .published : .stored
                let summaries = try await StoreError.reported { try await BulkExport.summaries(year: year, scope: scope, repository: store) }
                guard !summaries.isEmpty else {
                    throw InputFailure("\(Store.redacted(database.database)): no \(published ? "published " : "")\(year) table (see 'jixiao list')")
                }
                let written = try await StoreError.reported {
                    try await BulkExport.write(summaries, scope: scope, repository: store, to: output, format: format)
                }
                try await store.close()
                print("\(output)：\(year) 年，\(written.tables) 张表，\(written.projects) 个项目")
                if timings { FileHandle.standardError.write(Data("timings: export \(Seconds.text(clock.now - start)) s\n".utf8)) }
                return
            }
            let format = try FileIO.outputFormat(output, option: to)
            let department = department ?? ""
            let table = try await StoreError.reported { try await store.loadTable(department: department, year: year) }
            let loaded = clock.now
            defer {
                if timings {
                    FileHandle.standardError.write(Data("timings: load \(Seconds.text(loaded - start)) s, write \(Seconds.text(clock.now - loaded)) s\n".utf8))
                }
            }
            try await store.close()
            guard let table else {
                throw InputFailure("\(Store.redacted(database.database)): no \(year) table for \(department) (see 'jixiao list')")
            }
            try FileIO.write(table, as: format, to: output)
        }
    }
}

struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the stored tables: department, year, state, 合计.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await reportingInputFailuresAsync {
            let store = try await database.open()
            let tables = try await StoreError.reported { try await store.listTables() }
            try await store.close()
            if tables.isEmpty {
                print("（数据库中还没有表）")
                return
            }
            print(["年度", "状态", "单位数", "项目数", "合计（万元）", "部门"].joined(separator: "\t"))
            for t in tables {
                let total = t.total.map { $0.total.formatted(in: .wanYuan) } ?? "—"
                print(["\(t.fiscalYear)", t.state.title, "\(t.unitCount)", "\(t.projectCount)", total, t.department].joined(separator: "\t"))
            }
        }
    }
}

/// A one-line progress report on stderr, only when stderr is a terminal.
struct Progress {
    let total: Int
    let enabled = isatty(STDERR_FILENO) == 1

    func show(_ index: Int, _ what: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(index + 1)/\(total)] \(what)".utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension AsyncParsableCommand {
    func reportingInputFailuresAsync(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as InputFailure {
            FileHandle.standardError.write(Data(("jixiao: " + failure.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

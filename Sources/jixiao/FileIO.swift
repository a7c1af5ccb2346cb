import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats

/// Reading and writing the files the commands name, with `-` for stdin and stdout.
enum FileIO {
    static func readBytes(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return try readable(path, FileBytes.read(path))
    }

    /// The input for a reader that hands back what it has read (`InputBytes`): a file is read
    /// into memory of its own; stdin's bytes stay an array.
    static func readInput(_ path: String) throws -> InputBytes {
        if path == "-" { return InputBytes(try readBytes(path)) }
        return try readable(path, InputBytes(path: path))
    }

    private static func readable<T>(_ path: String, _ read: @autoclosure () -> T?) throws -> T {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputFailure("\(path): no such file")
        }
        guard let bytes = read() else {
            throw InputFailure("\(path): cannot be read (is it a folder, or unreadable?)")
        }
        return bytes
    }

    /// Writes the table to a file (whole or not at all) or, for `-`, to stdout.
    static func write(_ table: BudgetTable, as format: TableFormat, to path: String, pretty: Bool = false) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(try format.write(table, pretty: pretty)))
        } else {
            try format.write(table, toFile: path, pretty: pretty)
        }
    }

    /// The input's format: named by `--from`, else by its extension, else recognised by content.
    static func inputFormat(_ path: String, option: String?) throws -> TableFormat {
        if let option {
            guard let format = TableFormat(name: option) else { throw ValidationError("unknown format '\(option)' (text, json, csv, html, xlsx, pdf)") }
            return format
        }
        return TableFormat(fileName: path) ?? .text
    }

    /// The output's format: named by `--to`, else by its extension; text for stdout.
    static func outputFormat(_ path: String, option: String?) throws -> TableFormat {
        if let option {
            guard let format = TableFormat(name: option) else { throw ValidationError("unknown format '\(option)' (text, json, csv, html, xlsx, pdf)") }
            return format
        }
        if path == "-" { return .text }
        guard let format = TableFormat(fileName: path) else {
            throw ValidationError("cannot tell the format of '\(path)' from its extension; name it with --to (text, json, csv, html, xlsx, pdf)")
        }
        return format
    }

    /// Reads a table, turning any failure into a message on stderr and exit status 2. A
    /// workbook of several sheets needs `sheet` (a name or a number from 1; `XLSXReader.readOne`).
    static func readTable(_ path: String, format option: String?, sheet: String? = nil) throws -> ReadTable {
        guard let table = try readTables(path, format: option, sheet: sheet).first else {
            throw InputFailure("\(path): the workbook has no sheets")
        }
        return table
    }

    /// Every table the file holds: one, or each sheet of a workbook (only `sheet` if named).
    static func readTables(_ path: String, format option: String?, sheet: String? = nil, all: Bool = false) throws -> [ReadTable] {
        var format = try inputFormat(path, option: option)
        let name = path == "-" ? "stdin" : path
        // A year's file (`export --all`, `/bulk/2025.csv`): every table in it.
        let bulk = all && sheet == nil ? BulkFormat(fileName: path).flatMap { $0 == .xlsx ? nil : $0 } : nil
        do {
            if bulk != nil || (format.readsHandingBack && path != "-") {
                let input = try readInput(path)
                if let bulk { return try BulkReader.read(input, format: bulk, fileName: name) }
                if sheet != nil { throw InputFailure("\(name): --sheet applies to Excel workbooks only") }
                return [try format.read(input, fileName: name)]
            }
            let bytes = try readBytes(path)
            if option == nil && path == "-" { format = TableFormat.recognise(bytes) }
            guard format == .xlsx else {
                if sheet != nil { throw InputFailure("\(name): --sheet applies to Excel workbooks only") }
                return [try format.read(bytes, fileName: name)]
            }
            if all && sheet == nil { return try XLSXReader.readAll(bytes, fileName: name) }
            // The one sheet policy of the CLI and the upload (XLSXReader.readOne).
            return [try XLSXReader.readOne(bytes, fileName: name, sheet: sheet)]
        } catch let error as FormatError {
            throw InputFailure(error.description)
        }
    }
}

/// An input that cannot be read: its message goes to stderr and the exit status is 2.
struct InputFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ParsableCommand {
    /// Runs `body`, reporting unreadable input as exit status 2 with its message on stderr.
    func reportingInputFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as InputFailure {
            FileHandle.standardError.write(Data(("jixiao: " + failure.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

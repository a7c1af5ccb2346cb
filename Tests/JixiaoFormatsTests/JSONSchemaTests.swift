import Foundation
import JixiaoCore
@testable import JixiaoFormats
import JixiaoSynthetic
import JixiaoTestSupport
import Testing

/// The JSON Jixiao writes validates against the schema it publishes, checked by a real
/// JSON Schema validator (Python's jsonschema, which `.ci/run` installs).
@Suite struct JSONSchemaTests {
    static let schemas = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    /// Runs `schemas/validate.py` over the files; returns its report (empty when all are valid).
    static func validate(_ files: [URL]) throws -> (status: Int32, report: String) {
        let run = try ProcessRunner.run("/usr/bin/env", ["python3", schemas.appendingPathComponent("validate.py").path,
                                                         schemas.appendingPathComponent("budget-table.schema.json").path] + files.map(\.path))
        return (run.status, String(decoding: run.stdout, as: UTF8.self) + run.stderr)
    }

    @Test func theSeedAndGeneratedTablesValidate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [URL] = []
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        var tables = [seed]
        var withYear = seed
        withYear.fiscalYear = 2025
        tables.append(withYear)
        for s in 0..<4 {
            var generator = TableGenerator(seed: UInt64(s))
            tables.append(generator.table(projects: 300, units: 4))
        }
        var free = seed
        free.units[0].projects[0].indicators = [Indicator(ordinal: nil, unparsedText: "详见附件")]
        tables.append(free)
        for (i, table) in tables.enumerated() {
            let file = dir.appendingPathComponent("t\(i).json")
            try Data(TableJSON.write(table)).write(to: file)
            files.append(file)
        }
        let (status, report) = try Self.validate(files)
        #expect(status == 0, "\(report)")
        #expect(report.isEmpty, "\(report)")
    }

    @Test func theValidatorCatchesAWrongDocument() throws {
        // Guards the test above: a document that breaks the schema is reported.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"format":"jixiao.budget-table","version":2,"title":"t","department":"d","money_unit":"美元","units":[]}"#.utf8).write(to: file)
        let (status, report) = try Self.validate([file])
        #expect(status == 1)
        #expect(report.contains("money_unit"))
    }
}

import JixiaoFormats
import JixiaoStore

extension Jixiao {
    /// `jixiao --version`: the program, and the versions of what it exchanges with others —
    /// the table document (`schemas/budget-table.schema.json`) and the database schema it
    /// migrates to. The program's number moves on by hand with each release.
    static let version = "jixiao 0.25.0 (table document v\(TableJSON.version), database schema \(Store.schemaVersion))"
}

import PostgresNIO

/// Indicator rows as the column arrays PostgreSQL's `INSERT … SELECT FROM UNNEST(…)` reads:
/// one statement for any number of rows, for an import's batches and a project's save alike.
/// Nullable columns travel as plain arrays with a bit mask per row (arrays of optionals are
/// not encodable): bit k set means the k-th nullable column is NULL.
enum IndicatorArrays {
    /// The names the arrays have in the UNNEST's column list, in the order they are bound.
    static let aliases = "m, o, l1c, l1n, l2c, l2n, nm, pt, at, ut, ac, asg, asca, au"
    /// Their types, in the same order.
    static let types = ["bigint[]", "bigint[]", "text[]", "text[]", "text[]", "text[]", "text[]",
                        "text[]", "text[]", "text[]", "text[]", "bigint[]", "bigint[]", "text[]"]

    /// The INSERT of the rows `source` gives (it names the columns `pos` and `aliases`);
    /// `projectID` and `tableID` are SQL expressions for the two ids.
    static func insert(projectID: String, tableID: String, from source: String) -> String {
        func n(_ bit: Int, _ column: String) -> String { "CASE WHEN m & \(1 << bit) = 0 THEN \(column) END" }
        let values = [n(0, "o"), n(1, "l1c"), n(2, "l1n"), n(3, "l2c"), n(4, "l2n"), "nm", n(5, "pt"), n(6, "at"), n(7, "ut"),
                      n(8, "ac"), n(9, "asg"), n(10, "asca"), n(11, "au")].joined(separator: ", ")
        return """
            INSERT INTO indicators (project_id, table_id, position, ordinal, level1_code, level1_name, level2_code, level2_name, name,
              period_text, annual_text, unparsed_text, annual_comparator, annual_significand, annual_scale, annual_unit)
            SELECT \(projectID), \(tableID), pos, \(values) FROM \(source)
            """
    }

    /// Binds the rows' columns as the arrays `aliases` names, in its order.
    static func append(_ rows: [TableRows.IndicatorRow], to binds: inout PostgresBindings) {
        func text(_ value: (TableRows.IndicatorRow) -> String?) -> [String] { rows.map { value($0) ?? "" } }
        binds.append(rows.map { r in
            let nulls = [r.ordinal == nil, r.level1Code == nil, r.level1Name == nil, r.level2Code == nil, r.level2Name == nil,
                         r.periodText == nil, r.annualText == nil, r.unparsedText == nil, r.annualComparator == nil,
                         r.annualSignificand == nil, r.annualScale == nil, r.annualUnit == nil]
            var mask: Int64 = 0
            for (bit, isNull) in nulls.enumerated() where isNull { mask |= 1 << Int64(bit) }
            return mask
        })
        binds.append(rows.map { Int64($0.ordinal ?? 0) })
        binds.append(text(\.level1Code))
        binds.append(text(\.level1Name))
        binds.append(text(\.level2Code))
        binds.append(text(\.level2Name))
        binds.append(rows.map(\.name))
        binds.append(text(\.periodText))
        binds.append(text(\.annualText))
        binds.append(text(\.unparsedText))
        binds.append(text(\.annualComparator))
        binds.append(rows.map { $0.annualSignificand ?? 0 })
        binds.append(rows.map { Int64($0.annualScale ?? 0) })
        binds.append(text(\.annualUnit))
    }
}

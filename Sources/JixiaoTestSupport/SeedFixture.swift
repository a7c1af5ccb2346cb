import Foundation
import JixiaoCore
import JixiaoFormats

/// The customer's own table, byte for byte as committed (`Tests/JixiaoFormatsTests/Fixtures/`):
/// a fresh clone has no `../shared`, so every test reads this copy, found from this file.
public enum SeedFixture {
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = packageRoot.appendingPathComponent("Tests/JixiaoFormatsTests/Fixtures")
    public static let url = fixtures.appendingPathComponent("000_d01970435e92e0bf.txt")
    public static var path: String { url.path }
    public static let department = "中国共产党广州市越秀区委员会组织部（部门）"

    /// The committed bytes; a missing fixture is a broken checkout, which every test reports.
    public static var bytes: [UInt8] {
        get throws { Array(try Data(contentsOf: url)) }
    }

    public static var table: BudgetTable {
        get throws { try DisclosureTextReader.read(try bytes).table }
    }
}

extension BudgetTable {
    /// The table as the store gives it back when filed under `year`: a table whose own title
    /// states no year takes the one it is filed under.
    public func filed(in year: Int) -> BudgetTable {
        var table = self
        table.fiscalYear = fiscalYear ?? year
        return table
    }
}

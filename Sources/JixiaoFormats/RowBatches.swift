import JixiaoCore

/// One row of a table as the writers lay it out: a spending unit's row (`project` nil), then
/// each of its projects', with the project's number in the whole table (1, 2, …).
struct RowPlace: Sendable {
    var unit: Int
    var project: Int?
    var number: Int
}

extension BudgetTable {
    /// Every unit's and project's row rendered on every core, a batch at a time, and handed to
    /// `take` in order, a batch's bytes at once: the CSV, JSON and HTML writers stream a file
    /// with no more than a batch of rows in memory beside the table.
    func renderRows(_ render: (RowPlace) -> [UInt8], _ take: ([UInt8]) throws -> Void) rethrows {
        var places: [RowPlace] = []
        places.reserveCapacity(projectCount + units.count)
        var number = 0
        for (u, unit) in units.enumerated() {
            places.append(RowPlace(unit: u, project: nil, number: 0))
            for p in unit.projects.indices {
                number += 1
                places.append(RowPlace(unit: u, project: p, number: number))
            }
        }
        for start in stride(from: 0, to: places.count, by: 8_192) {
            let batch = Array(places[start..<min(start + 8_192, places.count)])
            let rows = batch.parallelMap(minimumChunk: 256, render)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(rows.reduce(0) { $0 + $1.count })
            for row in rows { bytes.append(contentsOf: row) }
            try take(bytes)
        }
    }
}

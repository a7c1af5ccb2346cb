import JixiaoCore

/// One row of a table as the writers lay it out: a spending unit's row (`project` nil), then
/// each of its projects', with the project's number in the whole table (1, 2, …).
struct RowPlace: Sendable {
    var unit: Int
    var project: Int?
    var number: Int
}

extension BudgetTable {
    /// Every unit's and project's row rendered on every core, in pieces of 256 rows, each piece
    /// into one buffer and handed to `take` in order as it is: the CSV, JSON and HTML writers
    /// stream a file with no more than a batch of rows in memory beside the table. (A buffer
    /// for every row, copied into one for every batch, was a copy of the whole output on one core.)
    func renderRows(_ render: (RowPlace, inout ByteOutput) -> Void, _ take: ([UInt8]) throws -> Void) rethrows {
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
        let pieceSize = 256
        for start in stride(from: 0, to: places.count, by: 8_192) {
            let end = min(start + 8_192, places.count)
            let pieces = places.withUnsafeBufferPointer { places in
                Array(stride(from: start, to: end, by: pieceSize)).parallelMap(minimumChunk: 1) { first -> [UInt8] in
                    var out = ByteOutput(capacity: 64 << 10)
                    for i in first..<min(first + pieceSize, end) { render(places[i], &out) }
                    return out.bytes
                }
            }
            for piece in pieces { try take(piece) }
        }
    }
}

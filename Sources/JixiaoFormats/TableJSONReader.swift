import Foundation
import JixiaoCore

/// Reads the table document over bytes with `JSONScanner`, its shape checked key by key
/// (`TableJSONShape.swift`).
///
/// Two passes, so that projects are read on every core (issue 17): the first reads the
/// document around its projects and only finds where each project starts
/// (`JSONScanner.skipObject`); the second reads each project in full, with its targets'
/// grammar, on every core. The first problem in the document's order is the one named, as a
/// single pass would name it: when the first pass fails, the document is read again in one
/// strict pass to find it.
enum TableJSONReader {
    /// The table: its outline read on a thread of its own (`ProjectFeed`) while the projects it
    /// has passed are read `batchSize` at a time on every core; once the outline is whole, the
    /// rest, with the bytes before each batch handed back (`InputBytes`), so that a 199 MB
    /// document is not held beside the whole table. (`lockstep` holds the outline to the
    /// reader's pace, for the tests.)
    static func table(_ input: InputBytes, batchSize: Int = 8_192, lockstep: Bool = false) throws -> BudgetTable {
        // A document of a few departments (an upload, an API request) is read without a
        // thread of its own: starting one would cost more than it saves.
        guard lockstep || input.count >= 1 << 20 else {
            let outline = try input.withBytes { buffer in try self.outline(buffer, orFirstProblem: { try self.outline(buffer, strict: false) }) }
            return try table(outline, input, batchSize: batchSize)
        }
        return try input.withBytes { buffer in
            let feed = ProjectFeed(reading: buffer, ahead: lockstep ? batchSize : nil)
            defer { feed.stop() }
            var read = ProjectsRead()
            var moneyUnit: String?
            while let (places, unit) = feed.batch(from: read.count, count: batchSize) {
                // Projects are made against the money unit; one named after them, or twice,
                // is left to the whole outline.
                guard let unit, moneyUnit == nil || moneyUnit == unit else { break }
                moneyUnit = unit
                try read.read(places, MoneyUnit(rawValue: unit), buffer)
            }
            let outline = try self.outline(buffer, orFirstProblem: feed.outline)
            if !feed.agrees(read.count, moneyUnit: moneyUnit, with: outline.places, outline.moneyUnit) { read = ProjectsRead() }
            return try table(outline, input, batchSize: batchSize, after: read)
        }
    }

    /// The outline `read` gives; when it fails, one strict pass over the document names the
    /// first problem in the document's order.
    static func outline(_ buffer: UnsafeBufferPointer<UInt8>, orFirstProblem read: () throws -> Outline) throws -> Outline {
        do {
            return try read()
        } catch {
            _ = try outline(buffer, strict: true)
            throw error
        }
    }

    /// The document with each project's place in the bytes, or (`strict`) each project read in
    /// full where it stands, to name the first problem in order. `feed` is handed each
    /// project's place as the outline passes it.
    static func outline(_ buffer: UnsafeBufferPointer<UInt8>, strict: Bool, feed: ProjectFeed? = nil) throws -> Outline {
        var scanner = JSONScanner(buffer)
        guard scanner.next() == .object else { throw mismatch({ "the document" }, .object, &scanner) }
        let outline = try read(&scanner, strict: strict, feed: feed)
        guard scanner.next() == .end else { throw scanner.syntax("more after the document's closing }") }
        return outline
    }

    /// A project read on its own core: its shape is checked first (a problem there comes before
    /// any check of values), then its amounts against the money unit, when that is known.
    enum ProjectRead {
        case project(Project)
        case unchecked
        case shape(Error)
        case value(FormatError)
    }

    /// Projects read a batch at a time on every core, in the document's order: the first shape
    /// problem is thrown at once; the first value problem is kept with its project's place, to
    /// be thrown where a single pass would meet it (after the document's own checks).
    struct ProjectsRead {
        var projects: [Project] = []
        var firstValueProblem: (place: Int, error: FormatError)?
        /// How many places have been read.
        var count = 0

        mutating func read(_ places: [ProjectFeed.Place], _ unit: MoneyUnit?, _ buffer: UnsafeBufferPointer<UInt8>) throws {
            let reads = places.parallelMap(minimumChunk: 256) { place -> ProjectRead in
                let path = { "units[\(place.unit)].projects[\(place.project)]" }
                var scanner = JSONScanner(buffer, at: place.start)
                let json: TableJSON.ProjectJSON
                do { json = try project(&scanner, path) } catch { return .shape(error) }
                guard let unit else { return .unchecked }
                do throws(FormatError) { return .project(try json.project(unit, path: path())) } catch { return .value(error) }
            }
            for (k, read) in reads.enumerated() {
                switch read {
                case .shape(let error): throw error
                case .project(let project) where firstValueProblem == nil: projects.append(project)
                case .value(let error) where firstValueProblem == nil: firstValueProblem = (count + k, error)
                case .project, .value, .unchecked: break
                }
            }
            count += places.count
        }
    }

    /// The table from its outline, reading the projects after those `read` already holds.
    static func table(_ outline: Outline, _ input: InputBytes, batchSize: Int = 8_192, after read: ProjectsRead = ProjectsRead()) throws -> BudgetTable {
        let unit = MoneyUnit(rawValue: outline.moneyUnit)
        let places = outline.places
        var read = read
        try input.withBytes { buffer in
            while read.count < places.count {
                // The projects before are values now, and nothing reads their bytes again.
                input.release(below: places[read.count].start)
                try read.read(Array(places[read.count..<min(read.count + batchSize, places.count)]), unit, buffer)
            }
        }

        guard outline.format == TableJSON.formatName else {
            throw FormatError("at format: expected \"\(TableJSON.formatName)\", found \(quoted(outline.format))")
        }
        guard TableJSON.readableVersions.contains(outline.version) else {
            throw FormatError("at version: this Jixiao reads versions \(TableJSON.readableVersions.lowerBound) to \(TableJSON.readableVersions.upperBound), the file is version \(outline.version)")
        }
        guard let unit else { throw FormatError("at money_unit: \(quoted(outline.moneyUnit)) is not 万元 or 元") }
        var next = 0
        var units: [SpendingUnit] = []
        units.reserveCapacity(outline.units.count)
        for (u, unitOutline) in outline.units.enumerated() {
            let end = next + unitOutline.projects.count
            if let problem = read.firstValueProblem, problem.place < end { throw problem.error }
            units.append(SpendingUnit(name: unitOutline.name, amounts: try unitOutline.amounts.amounts(unit, path: "units[\(u)].amounts"),
                                      projects: Array(read.projects[next..<end])))
            next = end
        }
        return BudgetTable(
            title: outline.title, department: outline.department, moneyUnit: unit, fiscalYear: outline.fiscalYear,
            total: try outline.total?.amounts(unit, path: "total"), units: units
        )
    }

    /// The document around its projects.
    struct Outline {
        var format: String
        var version: Int
        var title: String
        var department: String
        var moneyUnit: String
        var fiscalYear: Int?
        var total: TableJSON.AmountsJSON?
        var units: [UnitOutline]

        /// Every project's place, in the document's order.
        var places: [ProjectFeed.Place] {
            units.enumerated().flatMap { u, unit in unit.projects.enumerated().map { ProjectFeed.Place(unit: u, project: $0, start: $1) } }
        }
    }

    /// A unit, with where each of its projects starts.
    struct UnitOutline {
        var name: String
        var amounts: TableJSON.AmountsJSON
        var projects: [Int]
    }
}

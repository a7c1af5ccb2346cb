import Foundation
import JixiaoCore

/// Reads the table document over bytes with `JSONScanner`. Every key is checked against the
/// document's shape as it is met, so a misspelt `goall` is named with its path, never
/// skipped; a value of the wrong type is named with its path; a missing key with its object's.
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

    // MARK: Values

    static func mismatch(_ path: () -> String, _ expected: JSONScanner.Kind, _ scanner: inout JSONScanner) -> Error {
        let found = scanner.next()
        if found == .other || found == .end { return scanner.syntax("expected a value") }
        return FormatError("at \(path()): expected \(expected.rawValue), found \(found == .literal ? "true, false or null" : found.rawValue)")
    }

    static func string(_ scanner: inout JSONScanner, _ path: () -> String) throws -> String {
        guard scanner.next() == .string else { throw mismatch(path, .string, &scanner) }
        return try scanner.string()
    }

    /// A string checked and read past, for values made again from others.
    static func skippedString(_ scanner: inout JSONScanner, _ path: () -> String) throws {
        guard scanner.next() == .string else { throw mismatch(path, .string, &scanner) }
        try scanner.skipString()
    }

    static func integer(_ scanner: inout JSONScanner, _ path: () -> String) throws -> Int64 {
        guard scanner.next() == .number else { throw mismatch(path, .number, &scanner) }
        switch try scanner.wholeNumber() {
        case .success(let value): return value
        case .failure: throw FormatError("at \(path()): expected a whole number")
        }
    }

    static func int(_ scanner: inout JSONScanner, _ path: () -> String) throws -> Int {
        let value = try integer(&scanner, path)
        guard let int = Int(exactly: value) else { throw FormatError("at \(path()): expected a whole number") }
        return int
    }

    /// `body` for an object at `path`; an unknown key is refused there. Paths are closures,
    /// made into text only for a message: building one per key was a tenth of a read.
    static func object(_ scanner: inout JSONScanner, _ path: () -> String, _ body: (inout JSONScanner, JSONKey, () -> String) throws -> Bool) throws {
        // Escaping in name only, for the closures below to capture; none outlives this call.
        try withoutActuallyEscaping(path) { path in
            guard scanner.next() == .object else { throw mismatch({ path().isEmpty ? "the document" : path() }, .object, &scanner) }
            try scanner.object { scanner, key in
                guard try body(&scanner, key, { path().isEmpty ? key.text : path() + "." + key.text }) else {
                    let here = path().isEmpty ? key.text : path() + "." + key.text
                    throw FormatError("at \(here): unknown key \(quoted(key.text)) (not part of the \(TableJSON.formatName) document; its content would be lost)")
                }
            }
        }
    }

    static func array<T>(_ scanner: inout JSONScanner, _ path: () -> String, _ element: (inout JSONScanner, () -> String) throws -> T) throws -> [T] {
        guard scanner.next() == .array else { throw mismatch(path, .array, &scanner) }
        var items: [T] = []
        try withoutActuallyEscaping(path) { path in
            try scanner.array { scanner, index in items.append(try element(&scanner, { "\(path())[\(index)]" })) }
        }
        return items
    }

    static func missing(_ key: String, _ path: () -> String) -> FormatError {
        let place = path()
        return FormatError("at \(place.isEmpty ? "the document" : place): the key \(quoted(key)) is missing")
    }

    /// An optional member: nil for `null`.
    static func optional<T>(_ scanner: inout JSONScanner, _ read: (inout JSONScanner) throws -> T) throws -> T? {
        try scanner.null() ? nil : try read(&scanner)
    }

    // MARK: The document's objects

    static func read(_ scanner: inout JSONScanner, strict: Bool, feed: ProjectFeed?) throws -> Outline {
        var format: String?, version: Int?, title: String?, department: String?, moneyUnit: String?
        var fiscalYear: Int?, total: TableJSON.AmountsJSON?, units: [UnitOutline]?
        try object(&scanner, { "" }) { scanner, key, path in
            switch key {
            case "format": format = try string(&scanner, path)
            case "version": version = try int(&scanner, path)
            case "title": title = try string(&scanner, path)
            case "department": department = try string(&scanner, path)
            case "money_unit", "moneyUnit":
                moneyUnit = try string(&scanner, path)
                feed?.found(moneyUnit: moneyUnit!)
            case "fiscal_year", "fiscalYear": fiscalYear = try optional(&scanner) { try int(&$0, path) }
            case "total": total = try optional(&scanner) { try amounts(&$0, path) }
            case "units": units = try array(&scanner, path) { scanner, path in try unit(&scanner, path, strict: strict, feed: feed) }
            default: return false
            }
            return true
        }
        guard let format else { throw missing("format", { "" }) }
        guard let version else { throw missing("version", { "" }) }
        guard let title else { throw missing("title", { "" }) }
        guard let department else { throw missing("department", { "" }) }
        guard let moneyUnit else { throw missing("money_unit", { "" }) }
        guard let units else { throw missing("units", { "" }) }
        return Outline(format: format, version: version, title: title, department: department, moneyUnit: moneyUnit,
                       fiscalYear: fiscalYear, total: total, units: units)
    }

    static func unit(_ scanner: inout JSONScanner, _ path: () -> String, strict: Bool, feed: ProjectFeed?) throws -> UnitOutline {
        feed?.beginUnit()
        var name: String?, sums: TableJSON.AmountsJSON?, projects: [Int]?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "name": name = try string(&scanner, here)
            case "amounts": sums = try amounts(&scanner, here)
            case "projects": projects = try array(&scanner, here) { scanner, path in try projectStart(&scanner, path, strict: strict, feed: feed) }
            default: return false
            }
            return true
        }
        guard let name else { throw missing("name", path) }
        guard let sums else { throw missing("amounts", path) }
        guard let projects else { throw missing("projects", path) }
        return UnitOutline(name: name, amounts: sums, projects: projects)
    }

    /// Where the project the scanner stands before starts; the scanner is left after it.
    static func projectStart(_ scanner: inout JSONScanner, _ path: () -> String, strict: Bool, feed: ProjectFeed?) throws -> Int {
        guard scanner.next() == .object else { throw mismatch(path, .object, &scanner) }
        let start = scanner.offset
        if strict { _ = try project(&scanner, path) } else { try scanner.skipObject() }
        try feed?.found(projectAt: start)
        return start
    }

    static func project(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.ProjectJSON {
        var name: String?, sums: TableJSON.AmountsJSON?, goal: String?, indicators: [TableJSON.IndicatorJSON]?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "name": name = try string(&scanner, here)
            case "amounts": sums = try amounts(&scanner, here)
            case "goal": goal = try string(&scanner, here)
            case "indicators": indicators = try array(&scanner, here, indicator)
            default: return false
            }
            return true
        }
        guard let name else { throw missing("name", path) }
        guard let sums else { throw missing("amounts", path) }
        guard let goal else { throw missing("goal", path) }
        guard let indicators else { throw missing("indicators", path) }
        return TableJSON.ProjectJSON(name: name, amounts: sums, goal: goal, indicators: indicators)
    }

    static func indicator(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.IndicatorJSON {
        var ordinal: Int?, level1: TableJSON.LevelJSON?, level2: TableJSON.LevelJSON?, name: String?
        var period: TableJSON.TargetJSON?, annual: TableJSON.TargetJSON?, unparsed: String?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "ordinal": ordinal = try optional(&scanner) { try int(&$0, here) }
            case "level1": level1 = try optional(&scanner) { try level(&$0, here) }
            case "level2": level2 = try optional(&scanner) { try level(&$0, here) }
            case "name": name = try string(&scanner, here)
            case "period_target", "periodTarget": period = try optional(&scanner) { try target(&$0, here) }
            case "annual_target", "annualTarget": annual = try optional(&scanner) { try target(&$0, here) }
            case "unparsed_text", "unparsedText": unparsed = try optional(&scanner) { try string(&$0, here) }
            default: return false
            }
            return true
        }
        guard let name else { throw missing("name", path) }
        return TableJSON.IndicatorJSON(ordinal: ordinal, level1: level1, level2: level2, name: name,
                                       periodTarget: period, annualTarget: annual, unparsedText: unparsed)
    }

    static func level(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.LevelJSON {
        var code: String?, name: String?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "code": code = try optional(&scanner) { try string(&$0, here) }
            case "name": name = try string(&scanner, here)
            // Derived from the name: checked for shape, not kept.
            case "category": _ = try optional(&scanner) { try skippedString(&$0, here) }
            default: return false
            }
            return true
        }
        guard let name else { throw missing("name", path) }
        return TableJSON.LevelJSON(code: code, name: name, category: nil)
    }

    /// A target: its text is what counts (the reading is made again from it); its kind and
    /// parts are checked for shape only.
    static func target(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.TargetJSON {
        var text: String?, kind = false, parts = false
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "text": text = try string(&scanner, here)
            case "kind":
                try skippedString(&scanner, here)
                kind = true
            case "parts":
                guard scanner.next() == .array else { throw mismatch(here, .array, &scanner) }
                try scanner.array { scanner, index in try part(&scanner, { "\(here())[\(index)]" }) }
                parts = true
            default: return false
            }
            return true
        }
        guard let text else { throw missing("text", path) }
        guard kind else { throw missing("kind", path) }
        guard parts else { throw missing("parts", path) }
        return TableJSON.TargetJSON(text: text)
    }

    /// A part of a target's reading: four strings, checked and not kept (the reading is made
    /// again from the text), so read past without making them.
    static func part(_ scanner: inout JSONScanner, _ path: () -> String) throws {
        var seen: (subject: Bool, comparator: Bool, number: Bool, unit: Bool) = (false, false, false, false)
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "subject": seen.subject = true
            case "comparator": seen.comparator = true
            case "number": seen.number = true
            case "unit": seen.unit = true
            default: return false
            }
            try skippedString(&scanner, here)
            return true
        }
        for (key, present) in [("subject", seen.subject), ("comparator", seen.comparator), ("number", seen.number), ("unit", seen.unit)] where !present {
            throw missing(key, path)
        }
    }

    static func amounts(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.AmountsJSON {
        var total: TableJSON.AmountJSON?, fiscal: TableJSON.AmountJSON?, special: TableJSON.AmountJSON?, other: TableJSON.AmountJSON?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "total": total = try amount(&scanner, here)
            case "fiscal_appropriation", "fiscalAppropriation": fiscal = try amount(&scanner, here)
            case "special_account", "specialAccount": special = try amount(&scanner, here)
            case "other_funds", "otherFunds": other = try amount(&scanner, here)
            default: return false
            }
            return true
        }
        guard let total else { throw missing("total", path) }
        guard let fiscal else { throw missing("fiscal_appropriation", path) }
        guard let special else { throw missing("special_account", path) }
        guard let other else { throw missing("other_funds", path) }
        return TableJSON.AmountsJSON(total: total, fiscalAppropriation: fiscal, specialAccount: special, otherFunds: other)
    }

    static func amount(_ scanner: inout JSONScanner, _ path: () -> String) throws -> TableJSON.AmountJSON {
        var fen: Int64?, amount: String?
        try object(&scanner, path) { scanner, key, here in
            switch key {
            case "fen": fen = try integer(&scanner, here)
            case "amount": amount = try string(&scanner, here)
            default: return false
            }
            return true
        }
        guard let fen else { throw missing("fen", path) }
        guard let amount else { throw missing("amount", path) }
        return TableJSON.AmountJSON(fen: fen, amount: amount)
    }
}

// The document's values as read, field by field (their own initialisers make them from a table).
extension TableJSON.ProjectJSON {
    init(name: String, amounts: TableJSON.AmountsJSON, goal: String, indicators: [TableJSON.IndicatorJSON]) {
        (self.name, self.amounts, self.goal, self.indicators) = (name, amounts, goal, indicators)
    }
}

extension TableJSON.IndicatorJSON {
    init(ordinal: Int?, level1: TableJSON.LevelJSON?, level2: TableJSON.LevelJSON?, name: String,
         periodTarget: TableJSON.TargetJSON?, annualTarget: TableJSON.TargetJSON?, unparsedText: String?) {
        (self.ordinal, self.level1, self.level2, self.name) = (ordinal, level1, level2, name)
        (self.periodTarget, self.annualTarget, self.unparsedText) = (periodTarget, annualTarget, unparsedText)
    }
}

extension TableJSON.LevelJSON {
    init(code: String?, name: String, category: String?) {
        (self.code, self.name, self.category) = (code, name, category)
    }
}

extension TableJSON.TargetJSON {
    /// Only the text: the reading (kind, parts) is made again from it.
    init(text: String) {
        self.text = text
        kind = ""
        parts = []
    }
}

extension TableJSON.AmountsJSON {
    init(total: TableJSON.AmountJSON, fiscalAppropriation: TableJSON.AmountJSON, specialAccount: TableJSON.AmountJSON, otherFunds: TableJSON.AmountJSON) {
        (self.total, self.fiscalAppropriation, self.specialAccount, self.otherFunds) = (total, fiscalAppropriation, specialAccount, otherFunds)
    }
}

extension TableJSON.AmountJSON {
    init(fen: Int64, amount: String) {
        (self.fen, self.amount) = (fen, amount)
    }
}

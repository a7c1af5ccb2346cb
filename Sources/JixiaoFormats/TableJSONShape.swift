import Foundation
import JixiaoCore

/// The table document's shape, read key by key over bytes (`JSONScanner`): every key is checked
/// against the shape as it is met, so a misspelt `goall` is named with its path, never
/// skipped; a value of the wrong type is named with its path; a missing key with its object's.
/// How the document is read as a whole — its outline, then its projects on every core — is
/// `TableJSONReader`'s.
extension TableJSONReader {
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

/// A monitoring report as stored and as the API carries it: money as integer counts of 分
/// (`spentFen`), never a decimal that a reader could round; absent keys for what was not
/// reported.
extension ProjectProgress: Codable {
    enum CodingKeys: String, CodingKey {
        case project, annualBudgetFen, spentFen, forecastSpentFen, deviation, correction, indicators
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(project: try c.decodeIfPresent(String.self, forKey: .project) ?? "",
                  annualBudget: try c.decodeIfPresent(Int64.self, forKey: .annualBudgetFen).map(Money.init(fen:)),
                  spent: try c.decodeIfPresent(Int64.self, forKey: .spentFen).map(Money.init(fen:)),
                  forecastSpent: try c.decodeIfPresent(Int64.self, forKey: .forecastSpentFen).map(Money.init(fen:)),
                  deviation: try c.decodeIfPresent(DeviationReason.self, forKey: .deviation) ?? DeviationReason(),
                  correction: try c.decodeIfPresent(String.self, forKey: .correction) ?? "",
                  indicators: try c.decodeIfPresent([IndicatorProgress].self, forKey: .indicators) ?? [])
        for money in [annualBudget, spent, forecastSpent] {
            if let money, money.magnitude > Money.limit {
                throw DecodingError.dataCorruptedError(forKey: .spentFen, in: c, debugDescription: "an amount beyond the largest a table may state (10 万亿元)")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(project, forKey: .project)
        try c.encodeIfPresent(annualBudget?.fen, forKey: .annualBudgetFen)
        try c.encodeIfPresent(spent?.fen, forKey: .spentFen)
        try c.encodeIfPresent(forecastSpent?.fen, forKey: .forecastSpentFen)
        if !deviation.isEmpty { try c.encode(deviation, forKey: .deviation) }
        if !correction.isEmpty { try c.encode(correction, forKey: .correction) }
        if !indicators.isEmpty { try c.encode(indicators, forKey: .indicators) }
    }
}

extension IndicatorProgress: Codable {
    enum CodingKeys: String, CodingKey {
        case ordinal, reached, forecast, likelihood, deviation, correction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(ordinal: try c.decode(Int.self, forKey: .ordinal),
                  reached: try c.decodeIfPresent(String.self, forKey: .reached) ?? "",
                  forecast: try c.decodeIfPresent(String.self, forKey: .forecast) ?? "",
                  likelihood: try c.decodeIfPresent(Likelihood.self, forKey: .likelihood),
                  deviation: try c.decodeIfPresent(DeviationReason.self, forKey: .deviation) ?? DeviationReason(),
                  correction: try c.decodeIfPresent(String.self, forKey: .correction) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ordinal, forKey: .ordinal)
        if !reached.isEmpty { try c.encode(reached, forKey: .reached) }
        if !forecast.isEmpty { try c.encode(forecast, forKey: .forecast) }
        try c.encodeIfPresent(likelihood, forKey: .likelihood)
        if !deviation.isEmpty { try c.encode(deviation, forKey: .deviation) }
        if !correction.isEmpty { try c.encode(correction, forKey: .correction) }
    }
}

extension DeviationReason: Codable {
    enum CodingKeys: String, CodingKey { case causes, text }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(causes: try c.decodeIfPresent([DeviationCause].self, forKey: .causes) ?? [],
                  text: try c.decodeIfPresent(String.self, forKey: .text) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !causes.isEmpty { try c.encode(causes, forKey: .causes) }
        if !text.isEmpty { try c.encode(text, forKey: .text) }
    }
}

import JixiaoForms
import Testing

/// Forms decoded into typed structs (`FormDecoder`, over the fuzzed parser's fields): nested
/// rows by number, what a browser leaves out read as empty, a bad number named by its field.
@Suite struct FormDecoderTests {
    struct Input: Decodable, Equatable {
        struct Row: Decodable, Equatable { var name: String; var annual: String; var delete: Bool; var order: Int? }
        var name: String
        var version: Int
        var rows: [Row]
    }

    @Test func rowsComeInTheirNumbersOrderAndMissingFieldsReadEmpty() throws {
        // As Chromium posts the project form: rows in the page's order, an unticked checkbox not
        // sent at all, a spare row left blank, a number field empty.
        let body = "_csrf=x&version=3&name=%E9%A1%B9%E7%9B%AE&rows%5B0%5D%5Bname%5D=a&rows%5B0%5D%5Bannual%5D=%E2%89%A52%E4%BA%BA"
            + "&rows%5B0%5D%5Border%5D=2&rows%5B1%5D%5Bname%5D=b&rows%5B1%5D%5Bdelete%5D=1&rows%5B1%5D%5Border%5D="
            + "&rows%5B10%5D%5Bname%5D=&rows%5B2%5D%5Bname%5D=c"
        let input = try FormDecoder().decode(Input.self, from: URLEncodedForm.parse(body).fields)
        #expect(input == Input(name: "项目", version: 3, rows: [
            .init(name: "a", annual: "≥2人", delete: false, order: 2), .init(name: "b", annual: "", delete: true, order: nil),
            .init(name: "c", annual: "", delete: false, order: nil), .init(name: "", annual: "", delete: false, order: nil),
        ]))
        // No rows at all: an empty array, not an error.
        #expect(try FormDecoder().decode(Input.self, from: ["version": "1"]).rows.isEmpty)
    }

    @Test func aNumberThatIsNotOneIsNamed() {
        #expect(throws: FormDecoder.Failure(field: "rows[4][order]", value: "x")) {
            try FormDecoder().decode(Input.self, from: ["version": "1", "rows[4][order]": "x"])
        }
        #expect(throws: FormDecoder.Failure(field: "version", value: "")) { try FormDecoder().decode(Input.self, from: [:]) }
    }

    @Test func rowNumbersBeyondTheCapAreNotRead() throws {
        var fields = ["version": "1"]
        for n in stride(from: 0, to: 2_000_000, by: 1_000) { fields["rows[\(n)][name]"] = "r\(n)" }
        #expect(try FormDecoder().decode(Input.self, from: fields).rows.count == FormDecoder.maximumElements)
    }
}

import Hummingbird

/// `GET /api/v1/reading?text=…`: how the review reads one target value, asked by the project
/// form's script as a value is typed, so the page and the review read values with one grammar.
enum ReadingAPI {
    static func register(on api: RouterGroup<AppContext>) {
        api.get("reading") { request, _ in
            let text = request.uri.queryParameters.get("text").map { String($0) } ?? ""
            // A target value is a few words; the limit is the document's (maxLength counts code points).
            guard text.unicodeScalars.count <= 500 else { return TableAPI.problem(.badRequest, "text: at most 500 characters") }
            return APIDocument.response(APIDocument.Reading(text: text, reading: ProjectForm.reading(text)))
        }
    }
}

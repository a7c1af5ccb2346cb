import Hummingbird
import JixiaoStore

/// The operations that are neither tables nor the workflow: how the review reads one target
/// value (`getReading`, asked by the project form's script as a value is typed, so the page
/// and the review read values with one grammar) and the health check (`getHealth`).
struct ServiceAPI {
    let repository: any TableRepository
    /// Who may read `/metrics` (`Monitoring.metrics`).
    var metricsFrom: Set<String> = WebConfiguration.loopback

    var handlers: [String: OpenAPIRoutes.Handler] {
        [
            "getReading": { request, _ in
                let text = request.uri.queryParameters.get("text").map { String($0) } ?? ""
                // A target value is a few words; the limit is the document's (maxLength counts code points).
                guard text.unicodeScalars.count <= 500 else { return TableAPI.problem(.badRequest, "text: at most 500 characters") }
                return APIDocument.response(APIDocument.Reading(text: text, reading: ProjectForm.reading(text)))
            },
            // Liveness: the process answers. Readiness is `getHealth` (the database answers too):
            // a supervisor restarts what is not live, a proxy sends nothing to what is not ready.
            "getLiveness": { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
            },
            "getMetrics": { [metricsFrom] request, context in Monitoring.metrics(request, context, allowed: metricsFrom) },
            "getHealth": { _, _ in
                func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
                    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
                }
                do {
                    try await repository.checkHealth()
                    return answer(.ok, "ok")
                } catch StoreError.busy {
                    return answer(.serviceUnavailable, "database pool exhausted")
                } catch {
                    return answer(.serviceUnavailable, "database unavailable")
                }
            },
        ]
    }
}

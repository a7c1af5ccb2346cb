import Hummingbird
import Logging

/// One structured line per request: method, path, status, milliseconds, the client's address
/// (behind a trusted proxy, the one its X-Forwarded-For names) and (set by `Authenticate`) the
/// user. `jixiao serve --log-level warning` keeps only the failures.
struct RequestLog: RouterMiddleware {
    typealias Context = AppContext
    let clientAddress: ClientAddress

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, start)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start)
            throw error
        }
    }

    /// A path as logged: at most 256 bytes, so a crafted long path cannot fill the log.
    static func loggable(_ path: String) -> String {
        guard path.utf8.count > 256 else { return path }
        return String(decoding: path.utf8.prefix(256), as: UTF8.self) + "…(\(path.utf8.count) bytes)"
    }

    private func log(_ request: Request, _ context: Context, status: Int, _ start: ContinuousClock.Instant) {
        let level: Logger.Level = status >= 500 ? .error : .info
        guard context.logger.logLevel <= level else { return }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(Self.loggable(request.uri.path)),
            "status": .stringConvertible(status), "ms": .string(String(format: "%.1f", ms)),
            "client": .string(clientAddress.resolve(request, context) ?? "-"),
        ])
    }
}

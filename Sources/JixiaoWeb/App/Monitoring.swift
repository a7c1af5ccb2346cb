import Foundation
import Hummingbird
import JixiaoStore
import Metrics
import NIOCore
import Prometheus

/// `/metrics` in Prometheus's text format (swift-prometheus behind swift-metrics), and
/// `/livez` beside `/healthz`. Hummingbird's `MetricsMiddleware` counts the requests the router
/// answers by route, method and status, with their latency as a histogram; the counters here
/// add what it cannot see: answers from the public cache (those of the fast path never reach
/// the router), tables reviewed or found reviewed, sign-in failures. The store adds its own
/// (`jixiao_database_*`, `jixiao_audit_*`: the pool's waits and refusals, the audit log's sealing).
///
/// `/metrics` answers only the addresses `--metrics-from` names (by default this machine),
/// and never a request that came through a proxy: behind nginx it is not published.
public enum Monitoring {
    /// What `/metrics` reads; `bootstrap()` points swift-metrics at it.
    static let registry = PrometheusCollectorRegistry()

    /// Once per process, before the application is built (`jixiao serve`). Without it every
    /// metric is swift-metrics' no-op and `/metrics` is empty.
    public static func bootstrap() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latencies of a web page: a finer scale below 100 ms than the default's.
        factory.defaultDurationHistogramBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000].map { Duration.milliseconds($0) }
        MetricsSystem.bootstrap(factory)
    }

    static let publicCacheHitsFastPath = Counter(label: "jixiao_public_cache_hits", dimensions: [("path", "fast")])
    static let publicCacheHitsRouter = Counter(label: "jixiao_public_cache_hits", dimensions: [("path", "router")])
    static let reviewedHits = Counter(label: "jixiao_reviewed_tables", dimensions: [("result", "kept")])
    static let reviewedMade = Counter(label: "jixiao_reviewed_tables", dimensions: [("result", "made")])
    static let signInFailures = Counter(label: "jixiao_sign_in_failures", dimensions: [("reason", "wrong")])
    static let signInThrottled = Counter(label: "jixiao_sign_in_failures", dimensions: [("reason", "throttled")])

    static let residentMemory = Gauge(label: "process_resident_memory_bytes")
    static let mallocInUse = Gauge(label: "jixiao_malloc_in_use_bytes")
    static let sqliteMemory = Gauge(label: "jixiao_sqlite_memory_bytes")

    /// Memory is read when it is asked for, not kept up to date in between.
    private static func recordMemory() {
        if let resident = ProcessMemory.resident { residentMemory.record(resident) }
        if let inUse = ProcessMemory.mallocInUse { mallocInUse.record(inUse) }
        sqliteMemory.record(ProcessMemory.sqlite)
    }

    /// `/metrics` for whoever may read it; 404 for anyone else (its existence is not told).
    static func metrics(_ request: Request, _ context: AppContext, allowed: Set<String>) -> Response {
        guard request.headers[ClientAddress.forwardedFor] == nil, let peer = context.remoteAddress?.ipAddress, allowed.contains(peer) else {
            return TableAPI.problem(.notFound, "no such resource")
        }
        recordMemory()
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

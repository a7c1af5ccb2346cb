import ArgumentParser
import Foundation
import JixiaoStore
import JixiaoWeb
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web application: public tables, downloads, the JSON API.",
        discussion: """
        With --demo, or on an empty database, it first loads the seed table and generated
        departments over two fiscal years. Stops gracefully on SIGTERM or Ctrl-C.

          jixiao serve --demo
          jixiao serve --database postgres://jixiao@127.0.0.1/jixiao --host 0.0.0.0 --port 80
        """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "Load the demo tables first.")
    var demo = false

    func run() async throws {
        var logger = Logger(label: "jixiao")
        logger.logLevel = .info
        // Written at once, even into a file or pipe: the URL must show before the server blocks.
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        try await reportingInputFailuresAsync {
            let store = try await database.open()
            let empty = try await store.listTables().isEmpty
            if demo || empty {
                let loaded = try await StoreError.reported { try await DemoData.load(into: store) }
                say("演示数据已载入（\(loaded.count) 张表）：")
                for name in loaded { say("  " + name) }
            }
            let app = buildApplication(WebConfiguration(host: host, port: port), repository: store, logger: logger)
            say("绩效 Jixiao 已启动：http://\(host):\(port)/")
            say("  公开的表：http://\(host):\(port)/   数据接口：http://\(host):\(port)/openapi.json   健康检查：http://\(host):\(port)/healthz")
            try await app.runService()
            try await store.close()
        }
    }
}

// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Jixiao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jixiao", targets: ["jixiao"]),
        .library(name: "JixiaoCore", targets: ["JixiaoCore"]),
        .library(name: "JixiaoFormats", targets: ["JixiaoFormats"]),
        .library(name: "JixiaoReview", targets: ["JixiaoReview"]),
        .library(name: "JixiaoStore", targets: ["JixiaoStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The domain, pure and Foundation-only.
        .target(name: "JixiaoCore"),
        // Quality review (rule catalogue → findings) and self-evaluation scoring; pure.
        .target(name: "JixiaoReview", dependencies: ["JixiaoCore"]),
        // The system zlib, for the ZIP container of .xlsx (Debian zlib1g-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's allocator statistics, for /metrics (the C library's own header).
        .systemLibrary(name: "CMalloc"),
        // One reader/writer pair per format the table travels in.
        // (The 自评表 writer needs the scores of JixiaoReview.)
        .target(name: "JixiaoFormats", dependencies: ["JixiaoCore", "JixiaoReview", "CZlib"]),
        // Storage behind one repository protocol: SQLite (GRDB) embedded, PostgreSQL for scale.
        .target(
            name: "JixiaoStore",
            dependencies: [
                "JixiaoCore",
                "CMalloc",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 of the audit log's chain.
                .product(name: "Crypto", package: "swift-crypto"),
                // The pool's waits and the audit log's sealing, for /metrics.
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The web application: public pages, downloads, accounts and roles, the JSON API
        // (Hummingbird 2; sessions and bcrypt from hummingbird-auth, SHA-256 from swift-crypto).
        .target(
            name: "JixiaoWeb",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoReview", "JixiaoStore", "JixiaoSynthetic", "JixiaoForms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        // What the test targets share: the seed fixture, temporary databases (SQLite and
        // PostgreSQL), the demo app, one process runner, a clock tests move instead of sleeping.
        .target(
            name: "JixiaoTestSupport",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoStore", "JixiaoWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Realistic synthetic tables for tests and benchmarks.
        .target(name: "JixiaoSynthetic", dependencies: ["JixiaoCore"]),
        .executableTarget(
            name: "jixiao",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoReview", "JixiaoSynthetic", "JixiaoStore", "JixiaoWeb", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "JixiaoCoreTests",
            dependencies: ["JixiaoCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "JixiaoFormatsTests",
            dependencies: [
                "JixiaoFormats", "JixiaoSynthetic", "JixiaoTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "JixiaoReviewTests",
            dependencies: [
                "JixiaoReview", "JixiaoFormats", "JixiaoSynthetic", "JixiaoTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "JixiaoSyntheticTests",
            dependencies: ["JixiaoSynthetic", "JixiaoFormats"]
        ),
        .testTarget(
            name: "JixiaoStoreTests",
            dependencies: ["JixiaoStore", "JixiaoFormats", "JixiaoSynthetic", "JixiaoTestSupport"],
        ),
        .testTarget(
            name: "JixiaoWebTests",
            dependencies: [
                "JixiaoWeb", "JixiaoStore", "JixiaoFormats", "JixiaoReview", "JixiaoForms", "JixiaoTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Runs the built `jixiao` binary; depending on it makes `swift test` build it.
        .testTarget(
            name: "jixiaoTests",
            dependencies: ["jixiao", "JixiaoTestSupport", "JixiaoStore", "JixiaoSynthetic", "JixiaoCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: Web form decoding, and fuzzing (issue 14; docs/fuzzing.md)
// JixiaoForms: the url-encoded and multipart body decoders of the web application, pure and
// Foundation-only so that they can be fuzzed without building Hummingbird.
// Fuzz*: one libFuzzer target per parser (Sources/Fuzz/<Name>/), sharing FuzzSupport. A plain
// `swift build` makes each a replay tool (`FuzzXLSX FILE|DIR…` runs inputs once); `.ci/fuzz`
// builds them with `-sanitize=fuzzer,address -DJIXIAO_FUZZING`, when libFuzzer drives them.
package.targets += [
    .target(name: "JixiaoForms"),
    .target(
        name: "FuzzSupport",
        path: "Sources/Fuzz/Support",
        swiftSettings: [.enableExperimentalFeature("Extern")]
    ),
]
for (name, path, dependencies) in [
    ("FuzzDisclosureText", "DisclosureText", ["JixiaoFormats"]),
    ("FuzzXLSX", "XLSX", ["JixiaoFormats"]),
    ("FuzzXLSXSheet", "XLSXSheet", ["JixiaoFormats", "CZlib"]),
    ("FuzzTableJSON", "TableJSON", ["JixiaoFormats"]),
    ("FuzzTableCSV", "TableCSV", ["JixiaoFormats"]),
    ("FuzzActualsCSV", "ActualsCSV", ["JixiaoCore", "JixiaoFormats"]),
    ("FuzzIndicatorCell", "IndicatorCell", ["JixiaoCore"]),
    ("FuzzTargetGrammar", "TargetGrammar", ["JixiaoCore"]),
    ("FuzzForms", "Forms", ["JixiaoForms"]),
] as [(String, String, [Target.Dependency])] {
    package.targets.append(.executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, path: "Sources/Fuzz/" + path))
}

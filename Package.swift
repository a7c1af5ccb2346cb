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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The domain, pure and Foundation-only.
        .target(name: "JixiaoCore"),
        // Quality review (rule catalogue → findings) and self-evaluation scoring; pure.
        .target(name: "JixiaoReview", dependencies: ["JixiaoCore"]),
        // The system zlib, for the ZIP container of .xlsx (Debian zlib1g-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // One reader/writer pair per format the table travels in.
        .target(name: "JixiaoFormats", dependencies: ["JixiaoCore", "CZlib"]),
        // Realistic synthetic tables for tests and benchmarks.
        .target(name: "JixiaoSynthetic", dependencies: ["JixiaoCore"]),
        .executableTarget(
            name: "jixiao",
            dependencies: [
                "JixiaoCore", "JixiaoFormats", "JixiaoReview", "JixiaoSynthetic",
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
                "JixiaoFormats", "JixiaoSynthetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "JixiaoReviewTests",
            dependencies: [
                "JixiaoReview", "JixiaoFormats", "JixiaoSynthetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "JixiaoSyntheticTests",
            dependencies: ["JixiaoSynthetic", "JixiaoFormats"]
        ),
        // Runs the built `jixiao` binary; depending on it makes `swift test` build it.
        .testTarget(
            name: "jixiaoTests",
            dependencies: ["jixiao"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

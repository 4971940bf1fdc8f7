// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Frist",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "frist", targets: ["frist"]),
        .library(name: "FristCore", targets: ["FristCore"]),
        .library(name: "FristConfig", targets: ["FristConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libcurl as a system library, with non-variadic setopt wrappers (Swift cannot call C variadics).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libyaml's event parser, read directly: scalars stay text, marks are exact, and 100,000
        // milestones load in a fraction of what a node-building YAML library needs.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Pure domain: calendar, recurrence, policy, planner. No I/O, no system clock.
        .target(name: "FristCore", swiftSettings: strict),
        // YAML to validated domain values, every error with file:line:column.
        .target(
            name: "FristConfig",
            dependencies: ["FristCore", "CYAML", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // Delivery: libcurl transport, notifiers per channel kind, messages, retry policy, secrets.
        .target(
            name: "FristDelivery",
            dependencies: [
                "FristCore", "FristConfig", "CCurl",
            ],
            swiftSettings: strict
        ),
        // The command-line tool's commands and their output formats.
        .target(
            name: "FristCLI",
            dependencies: [
                "FristCore", "FristConfig", "FristDelivery", "CCurl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "frist", dependencies: ["FristCLI"], swiftSettings: strict),
        .executableTarget(
            name: "frist-bench",
            dependencies: ["FristCore", "FristConfig"],
            path: "bench/FristBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "frist-bench-delivery",
            dependencies: ["FristDelivery", "FristConfig"],
            path: "bench/FristBenchDelivery",
            swiftSettings: strict
        ),
        // Real peers and the real binary for the tests: HTTP and SMTP sinks, `frist` runs.
        .target(name: "FristTestSupport", path: "Tests/Support", swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "FristCoreTests", dependencies: ["FristCore"], swiftSettings: strict),
        .testTarget(
            name: "FristConfigTests",
            dependencies: ["FristConfig", "FristCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristDeliveryTests",
            dependencies: ["FristDelivery", "FristConfig", "FristCore", "FristTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristCLITests",
            dependencies: ["FristCLI", "FristCore", "FristConfig", "FristTestSupport"],
            swiftSettings: strict
        ),
    ]
)

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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through Hummingbird: HMAC-SHA256 for the signed ack links.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Already in the graph through Hummingbird: its IOError tells why a listener cannot bind.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The shared store of a cluster (`FristPostgres`): PostgreSQL's wire protocol, a pool, LISTEN.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // Rendering's shared words, no domain: HTML and JSON escaping, month and weekday names.
        // A seam: only what more than one renderer (messages, the page, the feed, the CLI, the
        // config's JSON templates) must write the same way lives here.
        .target(name: "FristText", dependencies: ["FristCore"], swiftSettings: strict),
        // YAML to validated domain values, every error with file:line:column.
        .target(
            name: "FristConfig",
            dependencies: ["FristCore", "FristText", "CYAML", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // The board: where every deadline stands at an instant. A seam: the one snapshot that the
        // renderings (FristOverview, `/status.json`) and the digests (FristDelivery) all read.
        .target(name: "FristBoard", dependencies: ["FristCore", "FristConfig", "FristText"], swiftSettings: strict),
        // Delivery: libcurl transport, notifiers per channel kind, messages, retry policy, secrets.
        .target(
            name: "FristDelivery",
            dependencies: [
                "FristCore", "FristConfig", "FristBoard", "FristText", "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA signatures for OAuth2 client assertions (certificate credentials).
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // timerfd with TFD_TIMER_CANCEL_ON_SET, which Glibc's Swift module does not expose.
        .target(name: "CClockJump"),
        // The daemon: the scheduler (Dispatch timer, outbox, retries), signals, systemd.
        .target(
            name: "FristDaemon",
            dependencies: [
                "CClockJump", "FristCore", "FristConfig", "FristDelivery", "FristStore", "FristSystemd",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The board's renderings: the overview page (HTML), the calendar feed (iCalendar).
        .target(
            name: "FristOverview",
            dependencies: ["FristCore", "FristConfig", "FristBoard", "FristText"],
            swiftSettings: strict
        ),
        // The daemon's optional HTTP listener: overview page, calendar feed, status, metrics, acks.
        .target(
            name: "FristHTTP",
            dependencies: [
                "FristCore", "FristConfig", "FristBoard", "FristDaemon", "FristDelivery", "FristOverview", "FristStore",
                "FristText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The command-line tool's commands and their output formats.
        .target(
            name: "FristCLI",
            dependencies: [
                "FristCore", "FristConfig", "FristBoard", "FristDelivery", "FristDaemon", "FristHTTP", "FristOverview",
                "FristStore", "FristPostgres", "FristSystemd", "FristText", "CCurl",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Durable state: outbox, attempts, acknowledgements, metadata (SQLite via GRDB, WAL).
        .target(
            name: "FristStore",
            dependencies: ["FristCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The shared store of a cluster: `OutboxStore` on PostgreSQL, claims leased and fenced.
        .target(
            name: "FristPostgres",
            dependencies: [
                "FristStore", "FristCore", "FristConfig",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // systemd integration without libsystemd: sd_notify datagrams, journal-aware stderr logging.
        .target(
            name: "FristSystemd",
            dependencies: [.product(name: "Logging", package: "swift-log")],
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
            name: "FristOverviewTests",
            dependencies: ["FristOverview", "FristBoard", "FristConfig", "FristCore", "FristTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristStoreTests",
            // GRDB directly only to lay down a database as an older Frist left it.
            dependencies: [
                "FristStore", "FristPostgres", "FristCore", "FristConfig", "FristTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristConfigTests",
            dependencies: ["FristConfig", "FristCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristDeliveryTests",
            dependencies: ["FristDelivery", "FristConfig", "FristCore", "FristText", "FristTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristSystemdTests",
            dependencies: ["FristSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The daemon's decisions on a test clock, in process.
        .testTarget(
            name: "FristDaemonTests",
            dependencies: ["FristDaemon", "FristStore", "FristConfig", "FristDelivery", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The listener's routes in process, on Hummingbird's test client and a real DaemonHandle.
        .testTarget(
            name: "FristHTTPTests",
            dependencies: [
                "FristHTTP", "FristDaemon", "FristStore", "FristConfig", "FristDelivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FristCLITests",
            dependencies: ["FristCLI", "FristCore", "FristConfig", "FristTestSupport"],
            swiftSettings: strict
        ),
    ]
)

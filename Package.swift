// swift-tools-version: 6.0
// gx: genetic-screening and health-record integration toolkit.
import PackageDescription

let package = Package(
    name: "gx",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Seq", targets: ["Seq"]),
        .library(name: "HealthRecords", targets: ["HealthRecords"]),
        .executable(name: "gxtool", targets: ["gxtool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C libraries from Debian packages (see `make setup`): htslib, libdeflate, ISA-L (igzip), zlib.
        .systemLibrary(name: "CHTSlib", path: "Sources/CHTSlib", pkgConfig: "htslib",
                       providers: [.apt(["libhts-dev"])]),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate", pkgConfig: "libdeflate",
                       providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CISAL", path: "Sources/CISAL",
                       providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // Process-wide SQLite settings (sqlite3_config is variadic, so it is called from C); libsqlite3-dev.
        .target(name: "CSQLiteSetup", path: "Sources/CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),

        .target(
            name: "Seq",
            dependencies: ["CHTSlib", "CDeflate", "CISAL", "CZlib"],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "HealthRecords",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CSQLiteSetup",
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "gxtool",
            dependencies: [
                "Seq", "HealthRecords",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SeqTests", dependencies: ["Seq", "TestSupport"]),
        .testTarget(name: "HealthRecordsTests", dependencies: ["HealthRecords", "TestSupport"]),
        .testTarget(name: "gxtoolTests", dependencies: ["TestSupport"]),
        // Runs gx on the real public files in ../shared/data (set GX_SHARED_DATA).
        .testTarget(name: "ConformanceTests", dependencies: ["Seq", "HealthRecords", "TestSupport"]),
    ]
)

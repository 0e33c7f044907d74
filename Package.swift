// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Dialogkafe",
    products: [
        .executable(name: "dialogcafe", targets: ["LiveServer"]),
        .executable(name: "dialogcafe-load", targets: ["LoadGenerator"]),
    ],
    dependencies: [
        // CLI parsing with standard exit codes (64 for usage errors).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Property-based tests of the domain (replay == state).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CWebsockets", pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev", "libwebsockets-evlib-ev", "libev-dev"])]),
        .systemLibrary(
            name: "CJSONC", pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Session"),
        // One socket query that needs <linux/tcp.h> (see its header).
        .target(name: "CSocketInfo"),
        .executableTarget(
            name: "LiveServer",
            dependencies: [
                "Session", "CWebsockets", "CJSONC", "CSQLite", "CQREncode", "CZlib", "CSocketInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The load generator: a C engine (epoll, non-blocking sockets, byte scanning) and its driver.
        .target(name: "CLoadGen"),
        .executableTarget(name: "LoadGenerator", dependencies: ["CLoadGen"]),
        .testTarget(
            name: "SessionTests",
            dependencies: [
                "Session",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "LiveServerTests",
            dependencies: ["LiveServer", "Session"]),
    ],
    swiftLanguageModes: [.v6]
)

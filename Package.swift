// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gkaudit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GKAudit", targets: ["GKModel", "GKParse", "GKRules", "GKDiff", "GKExport", "GKXLSX"]),
        .executable(name: "gkaudit", targets: ["gkaudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The canonical data model: depends on nothing.
        .target(name: "GKModel"),
        // The ground-truth generator: realistic reports with known cells and known injected errors.
        .target(name: "GKSynth", dependencies: ["GKModel"]),
        // Checks a generated corpus against its truth through the parser, the rules and the year pairing.
        .target(name: "GKSynthCheck", dependencies: ["GKModel", "GKParse", "GKRules", "GKDiff", "GKSynth"]),
        // Reading files (encodings, normalisation) and parsing reports into the model.
        // Word documents are unzipped in memory through ZIPFoundation.
        .target(name: "GKParse", dependencies: ["GKModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The rule engine: rule files (YAML), the expression language, narrative patterns, examples.
        .target(name: "GKRules", dependencies: ["GKModel", "GKParse", .product(name: "Yams", package: "Yams")]),
        // One agency's successive years: who is who in a corpus (names, manifest, folders), year pairs, comparisons.
        .target(name: "GKDiff", dependencies: ["GKModel", "GKParse", "GKRules"]),
        // Machine and human renderings of the model (JSON, text tables).
        .target(name: "GKExport", dependencies: ["GKModel"]),
        // libxlsxwriter (Debian's libxlsxwriter-dev), on its own so the rest builds without it.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // The supervisors' workbook, written through libxlsxwriter.
        .target(name: "GKXLSX", dependencies: ["GKModel", "GKExport", "CXLSXWriter"]),
        // The thin command-line tool. Linked with mimalloc (Debian's libmimalloc-dev), which takes the
        // place of glibc's malloc: reading a report makes many small strings and arrays, and with
        // glibc's allocator they cost about a third of the time (see README, Benchmark).
        .executableTarget(
            name: "gkaudit",
            dependencies: [
                "GKModel", "GKParse", "GKRules", "GKDiff", "GKExport", "GKXLSX", "GKSynth", "GKSynthCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("mimalloc")]
        ),
        // Throughput benchmark (release build; see README), with the same allocator as gkaudit.
        .executableTarget(name: "gkaudit-bench", dependencies: ["GKModel", "GKParse", "GKRules", "GKExport", "GKXLSX"],
                          linkerSettings: [.linkedLibrary("mimalloc")]),
        // Helpers shared by the test targets (temporary folders, fixture paths).
        .target(name: "GKTestSupport", path: "Tests/GKTestSupport"),
        .testTarget(name: "GKParseTests", dependencies: [
            "GKModel", "GKParse", "GKExport", "GKTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "GKRulesTests", dependencies: ["GKModel", "GKParse", "GKRules", "GKTestSupport"]),
        .testTarget(name: "GKDiffTests", dependencies: ["GKModel", "GKParse", "GKRules", "GKDiff", "GKTestSupport"]),
        .testTarget(name: "GKXLSXTests", dependencies: [
            "GKModel", "GKExport", "GKXLSX", "GKTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "GKCLITests", dependencies: ["gkaudit", "GKTestSupport"]),
        .testTarget(name: "GKSynthTests", dependencies: [
            "GKModel", "GKParse", "GKRules", "GKSynth", "GKSynthCheck", "GKTestSupport",
        ]),
    ]
)

// swift-tools-version: 6.1
//
// DoseSum: cumulative EQD2 composite dose for re-irradiation, read through DCMTK.
//
// Data flows one way; every module imports only modules above it in this list:
//   RTCore → Grids → RTModel → (CDCMTKShim →) DICOMIO
//                         ↘ Masks → DoseMetrics → Constraints → Reports → DoseSumKit → dosesum
//                         ↘ Radiobiology (RTModel, Grids) ↗
//   RTCore → BoundedYAML (Yams) → Constraints, DoseSumKit
// Only DICOMIO imports the C shim; only the `dosesum` executable prints or exits.
import PackageDescription

/// DCMTK is linked by name: `pkg-config dcmtk` is broken on Debian 12 (it names sndfile).
let dcmtkLibraries: [LinkerSetting] = ["dcmdata", "oflog", "ofstd"].map { .linkedLibrary($0) }

let package = Package(
    name: "DoseSum",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dosesum", targets: ["dosesum"]),
        .library(name: "DoseSumKit", targets: ["DoseSumKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/google/swift-benchmark", from: "0.1.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - C/C++ edge (only DICOMIO imports this)
        .target(name: "CDCMTKShim", linkerSettings: dcmtkLibraries),

        // MARK: - Foundation
        .target(name: "RTCore"),
        .target(name: "Grids", dependencies: ["RTCore"]),
        // The one atomic output writer and the pre-run output check, shared by every writer.
        .target(name: "OutputFiles", dependencies: ["RTCore"]),

        // MARK: - Model and I/O
        .target(name: "RTModel", dependencies: ["RTCore", "Grids"]),
        .target(name: "DICOMIO", dependencies: ["CDCMTKShim", "OutputFiles", "RTModel", "Grids", "RTCore"]),

        // MARK: - Pipeline stages
        .target(name: "Masks", dependencies: ["RTModel", "Grids", "RTCore"]),
        .target(name: "Radiobiology", dependencies: ["RTModel", "Grids", "RTCore"]),
        .target(name: "DoseMetrics", dependencies: ["Masks", "Grids", "RTCore"]),
        // YAML composed on a thread whose stack holds a proven bound on the text's nesting.
        .target(name: "BoundedYAML", dependencies: ["RTCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Constraints", dependencies: [
            "DoseMetrics", "RTCore", "BoundedYAML", .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Protocols")]),
        .target(name: "Reports", dependencies: ["Constraints", "DoseMetrics", "RTModel", "RTCore"]),
        // The per-ROI composite (point doses → EQD2 → metrics), dose-aware sampling and the
        // registration scenarios that re-evaluate it.
        .target(name: "CompositeDose", dependencies: ["Masks", "Radiobiology", "DoseMetrics", "RTModel", "Grids", "RTCore"]),

        // MARK: - Build provenance (git revision recorded at build time; never fails the build)
        .plugin(name: "SourceRevisionPlugin", capability: .buildTool()),
        .target(name: "BuildInfo", plugins: ["SourceRevisionPlugin"]),

        // MARK: - Application services (pipelines the CLI and batch share; no printing)
        .target(name: "DoseSumKit", dependencies: [
            "DICOMIO", "CompositeDose", "Masks", "Radiobiology", "DoseMetrics", "Constraints", "Reports",
            "OutputFiles", "RTModel", "Grids", "RTCore", "BuildInfo", "BoundedYAML", .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // MARK: - Front end
        .executableTarget(name: "dosesum", dependencies: [
            "DoseSumKit", "CompositeDose", "DICOMIO", "Constraints", "Reports", "DoseMetrics", "Masks", "OutputFiles", "RTModel", "Grids", "RTCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Benchmarks (run in release: swift run -c release DoseSumBenchmarks; see scripts/bench.sh)
        .executableTarget(name: "DoseSumBenchmarks", dependencies: [
            "DoseSumKit", "CompositeDose", "DICOMIO", "Masks", "Radiobiology", "DoseMetrics", "Reports", "Grids", "RTCore",
            .product(name: "Benchmark", package: "swift-benchmark"),
        ], path: "Benchmarks/Sources/DoseSumBenchmarks"),

        // MARK: - Fuzzing (scripts/fuzz.sh builds it with libFuzzer and ASan; a plain build replays files)
        .target(name: "CLibFuzzerDriver", path: "Fuzz/Sources/CLibFuzzerDriver"),
        .executableTarget(name: "DoseSumFuzz", dependencies: [
            "CLibFuzzerDriver", "DoseSumKit", "CompositeDose", "DICOMIO", "Constraints", "Masks", "Radiobiology", "RTModel", "Grids", "RTCore",
        ], path: "Fuzz/Sources/DoseSumFuzz"),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["RTCore", "Grids", "RTModel"], path: "Tests/TestSupport"),
        .testTarget(name: "RTCoreTests", dependencies: ["RTCore"]),
        .testTarget(name: "BoundedYAMLTests", dependencies: ["BoundedYAML", "RTCore", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "OutputFilesTests", dependencies: ["OutputFiles", "RTCore", "TestSupport"]),
        .testTarget(name: "GridsTests", dependencies: ["Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "DICOMIOTests", dependencies: ["DICOMIO", "RTModel", "Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "MasksTests", dependencies: ["Masks", "RTModel", "Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "RadiobiologyTests", dependencies: ["Radiobiology", "RTModel", "Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "DoseMetricsTests", dependencies: ["DoseMetrics", "Masks", "Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "ConstraintsTests", dependencies: ["Constraints", "DoseMetrics", "RTCore", "TestSupport"]),
        .testTarget(name: "CompositeDoseTests", dependencies: ["CompositeDose", "Masks", "Radiobiology", "DoseMetrics", "RTModel", "Grids", "RTCore", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Constraints", "DoseMetrics", "RTCore"]),
        .testTarget(name: "CLITests", dependencies: ["DoseSumKit", "CompositeDose", "Constraints", "Reports", "Masks", "DoseMetrics", "DICOMIO", "RTModel", "Grids", "RTCore", "Radiobiology", "TestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)

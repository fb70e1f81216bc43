// swift-tools-version:6.0
// rmsolve: efficient mechanisms that give the money back (Cavallo's redistribution mechanism),
// computed on COIN-OR CBC and CLP. Modules, lowest first:
// CCbc <- LinearOptimization <- {Combinatorial <- RevenueGuarantee, LPDynamic} <- rmsolve;
// Parallel (threads), InstanceIO (instance reading), CATS (CATS auction files) and Reporting
// (CSV, SVG, progress) depend on no solver; Experiments (plans, runner, result logs, shards,
// merge, the static/combinatorial/bandit experiments) sits on top of the libraries.
// docs/architecture.md describes each module.
import PackageDescription

let package = Package(
    name: "rmsolve",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rmsolve", targets: ["rmsolve"]),
        .library(name: "RMSolveKit", targets: ["RMSolveKit"]),
        .library(name: "Parallel", targets: ["Parallel"]),
        .library(name: "LinearOptimization", targets: ["LinearOptimization"]),
        .library(name: "InstanceIO", targets: ["InstanceIO"]),
        .library(name: "Combinatorial", targets: ["Combinatorial"]),
        .library(name: "RevenueGuarantee", targets: ["RevenueGuarantee"]),
        .library(name: "LPDynamic", targets: ["LPDynamic"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "CATS", targets: ["CATS"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCbc",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev", "coinor-libclp-dev", "coinor-libcoinutils-dev"])]
        ),
        .target(name: "Parallel"),
        .target(
            name: "RMSolveKit",
            dependencies: ["CATS", "Combinatorial", "Experiments", "InstanceIO", "LinearOptimization", "LPDynamic", "Parallel", "Reporting", "RevenueGuarantee"]),
        .target(name: "LinearOptimization", dependencies: ["CCbc", "Parallel"]),
        .target(name: "InstanceIO"),
        .target(name: "Reporting", dependencies: ["Parallel"]),
        .target(name: "Combinatorial", dependencies: ["LinearOptimization", "InstanceIO", "CATS"]),
        .target(name: "RevenueGuarantee", dependencies: ["Combinatorial", "LinearOptimization", "InstanceIO", "CATS", "Parallel", "Reporting"]),
        .target(name: "LPDynamic", dependencies: ["LinearOptimization", "InstanceIO", "Parallel"]),
        .target(name: "CATS", dependencies: ["InstanceIO"]),
        .target(name: "Experiments",
                dependencies: ["Reporting", "Parallel", "InstanceIO", "CATS", "Combinatorial", "RevenueGuarantee", "LPDynamic"]),
        .executableTarget(
            name: "rmsolve",
            dependencies: [
                "LinearOptimization",
                "InstanceIO",
                "Combinatorial",
                "RevenueGuarantee",
                "LPDynamic",
                "Reporting",
                "CATS",
                "Parallel",
                "Experiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "LinearOptimizationTests", dependencies: ["LinearOptimization"]),
        .testTarget(name: "InstanceIOTests", dependencies: ["InstanceIO"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "InstanceIO"]),
        .testTarget(name: "ExperimentsTests",
                    dependencies: ["Experiments", "Reporting", "Parallel", "InstanceIO", "Combinatorial", "RevenueGuarantee", "LPDynamic", "CATS"]),
        .testTarget(name: "CATSTests", dependencies: ["CATS", "InstanceIO"]),
        .testTarget(name: "CombinatorialTests", dependencies: ["Combinatorial", "CATS", "InstanceIO", "LinearOptimization"]),
        .testTarget(name: "RevenueGuaranteeTests", dependencies: ["RevenueGuarantee", "Combinatorial", "InstanceIO", "LinearOptimization", "Parallel"]),
        .testTarget(name: "rmsolveTests", dependencies: ["rmsolve", "Parallel", "Combinatorial", "RevenueGuarantee", "Reporting", "InstanceIO", "LPDynamic", "Experiments"]),
        .testTarget(name: "RedistributionTests", dependencies: ["RevenueGuarantee", "Combinatorial", "InstanceIO", "LinearOptimization", "Reporting", "CATS"]),
        .testTarget(name: "LPDynamicTests", dependencies: ["LPDynamic", "InstanceIO", "LinearOptimization"]),
        .testTarget(name: "PopulationsTests", dependencies: ["LPDynamic", "InstanceIO"]),
    ],
    swiftLanguageModes: [.v6]
)

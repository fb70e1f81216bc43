// swift-tools-version:6.0
// libFuzzer harnesses for rmsolve's readers. Not part of the main build: `scripts/fuzz`
// builds them with `-sanitize=fuzzer` and runs them on a corpus seeded from instances/.
import PackageDescription

let package = Package(
    name: "rmsolve-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "rmsolve", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzStatic",
            dependencies: ["FuzzSupport", .product(name: "RevenueGuarantee", package: "rmsolve"),
                           .product(name: "LinearOptimization", package: "rmsolve")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzDynamic",
            dependencies: ["FuzzSupport", .product(name: "LPDynamic", package: "rmsolve")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: [.product(name: "InstanceIO", package: "rmsolve")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzCATS",
            dependencies: [.product(name: "CATS", package: "rmsolve"), .product(name: "InstanceIO", package: "rmsolve")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)

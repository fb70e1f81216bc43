// rmsolve's libraries behind one import.
//
// ```swift
// import RMSolveKit
//
// let instance = try StaticInstance.read(path: "instances/static/car-table-3.1.json")
// let result = try runStaticMechanism(instance, mechanism: .rm)
// print(result.rmRevenue)   // what the center keeps
// ```
//
// Each module can also be imported on its own; see docs/architecture.md for what each holds.
@_exported import CATS
@_exported import Combinatorial
@_exported import Experiments
@_exported import InstanceIO
@_exported import LinearOptimization
@_exported import LPDynamic
@_exported import Parallel
@_exported import Reporting
@_exported import RevenueGuarantee

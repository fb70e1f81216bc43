import FuzzSupport
import LinearOptimization
import RevenueGuarantee

/// libFuzzer entry: reads the input as every kind of static instance (JSON outcomes,
/// combinatorial and units; CATS text) through the library's readers, and runs RM and
/// Bailey's rule on small accepted instances with a time limit. Thrown errors are the
/// expected outcome for bad input; a crash, trap, solver abort or hang is a defect.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatic(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let first = size > 0 ? data![0] : 0
    let path = temporaryInput(data, size, extension: first == UInt8(ascii: "{") ? "json" : "txt")
    let options = StaticSolveOptions(method: .auto, jobs: 1, solve: SolveOptions(timeLimit: 2), maxOutcomes: 2000)
    for mechanism in [RedistributionMechanismName.rm, .vcg, .bailey] {
        guard let result = try? solveStaticFile(path: path, mechanism: mechanism, options: options) else { continue }
        _ = try? result.jsonText()
        _ = result.table()
    }
    return 0
}

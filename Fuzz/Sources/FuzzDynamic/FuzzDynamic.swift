import FuzzSupport
import LPDynamic

/// libFuzzer entry: reads the input as every dynamic kind (mdp, dynamic, bandit,
/// metadeliberation, population, dynamic-accessibility, interdependent) through the library's
/// readers, and runs the default mechanism on small accepted instances.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDynamic(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = temporaryInput(data, size, extension: "json")
    if let mdp = try? MDPInstance.read(file: path), mdp.mdp.stateCount <= 200 {
        _ = try? solveMDP(mdp, options: MDPSolveOptions(method: .lp, timeLimit: 2))
    }
    if let instance = try? DynamicInstanceFile.read(path: path) {
        var options = DynamicMechanismOptions(maxStates: 500, timeLimit: 2, betaDepth: 8, policyStateLimit: 50)
        options.mechanism = DynamicMechanismName.available(for: instance.kind)[0]
        options.populationStateLimit = 2000
        if let result = try? runDynamicMechanism(instance, options: options) { _ = result.table() }
    }
    _ = try? VerificationModel.read(file: path)
    _ = try? InterdependentModel.read(file: path)
    _ = try? BanditInstance.read(from: path)
    return 0
}

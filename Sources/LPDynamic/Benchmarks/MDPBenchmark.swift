import LinearOptimization

/// What ``benchmarkMDPSolvers(states:actions:successors:discount:seed:lp:)`` measured (the line
/// `rmsolve bench mdp` prints). The `lp…` fields are the primal exact LP, the `dualLP…` fields
/// the occupancy-measure LP; both are `nil` (left out) when the LPs were skipped, and a solve
/// stopped by its time limit has only its `…Status`.
public struct MDPBenchmark: Codable, Sendable {
    public var bench = "mdp"
    public var states: Int, actions: Int, successors: Int, discount: Double, seed: UInt64
    public var generateSeconds: Double
    /// Value iteration (1e-8 relative) and policy iteration.
    public var viSeconds: Double, viSweeps: Int, piSeconds: Double, piIterations: Int, piOverVI: Double
    /// The largest |v_VI − v_PI| / max(1, |v_PI|).
    public var maxRelDiffVIvsPI: Double
    public var lpAlgorithm: String?, lpTimeLimit: Double?
    /// Each LP's time including the polishing policy evaluation, its ratio to value iteration,
    /// its raw and polished differences to policy iteration and the share of states where its
    /// greedy policy is policy iteration's.
    public var lpSeconds: Double?, lpOverVI: Double?, lpRawMaxRelDiffVsPI: Double?, lpMaxRelDiffVsPI: Double?
    public var lpPolicyAgreementWithPI: Double?, lpStatus: String?
    public var dualLPSeconds: Double?, dualLPOverVI: Double?, dualLPRawMaxRelDiffVsPI: Double?, dualLPMaxRelDiffVsPI: Double?
    public var dualLPPolicyAgreementWithPI: Double?, dualLPStatus: String?
}

/// Times value iteration, policy iteration and (unless `lp` is `nil`) both exact LP forms on
/// CLP — `lp.algorithm`, each under `lp.timeLimit` seconds — on ``MDP/random(states:actions:successors:discount:seed:)``.
/// Throws ``MDPError/invariantViolated(_:)`` when a polished LP solution differs from policy
/// iteration's values by more than 1e-6 (relative).
public func benchmarkMDPSolvers(states: Int, actions: Int, successors: Int, discount: Double, seed: UInt64,
                                lp: (algorithm: CLPAlgorithm, timeLimit: Double)?) throws -> MDPBenchmark {
    let (mdp, generate) = try benchmarkTimed {
        try MDP.random(states: states, actions: actions, successors: successors, discount: discount, seed: seed)
    }
    let (vi, viSeconds) = try benchmarkTimed { try mdp.optimalValues(method: .valueIteration, tolerance: 1e-8) }
    let (pi, piSeconds) = try benchmarkTimed { try mdp.optimalValues(method: .policyIteration) }
    func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }
    var line = MDPBenchmark(states: states, actions: actions, successors: successors, discount: discount, seed: seed,
                            generateSeconds: generate, viSeconds: viSeconds, viSweeps: vi.iterations, piSeconds: piSeconds,
                            piIterations: pi.iterations, piOverVI: piSeconds / viSeconds,
                            maxRelDiffVIvsPI: relativeDifference(vi.values, pi.values))
    guard let lp else { return line }
    typealias Fields = (seconds: Double?, overVI: Double?, raw: Double?, polished: Double?, agreement: Double?, status: String?)
    func measure(_ key: String, _ solve: () throws -> [Double]) throws -> Fields {
        do {
            let (raw, seconds) = try benchmarkTimed(solve)
            let (polished, polishSeconds) = benchmarkTimed { mdp.policyEvaluation(policy: mdp.greedyPolicy(values: raw)) }
            let difference = relativeDifference(polished, pi.values)
            guard difference <= 1e-6 else {
                throw MDPError.invariantViolated("\(key) and policy iteration differ by \(difference)")
            }
            let agreement = Double(zip(mdp.greedyPolicy(values: polished), pi.policy).filter { $0 == $1 }.count) / Double(states)
            return (seconds + polishSeconds, (seconds + polishSeconds) / viSeconds, relativeDifference(raw, pi.values),
                    difference, agreement, nil)
        } catch SolverError.notOptimal(let status) {
            // A limit hit is reported as such, never as a time.
            if case .timeLimit = status {
                return (nil, nil, nil, nil, nil, "stopped at the \(lp.timeLimit) s time limit (not solved)")
            }
            return (nil, nil, nil, nil, nil, SolverError.notOptimal(status).description)
        }
    }
    let primal = try measure("lp") { try mdp.exactLPValues(algorithm: lp.algorithm, timeLimit: lp.timeLimit) }
    (line.lpSeconds, line.lpOverVI, line.lpRawMaxRelDiffVsPI, line.lpMaxRelDiffVsPI, line.lpPolicyAgreementWithPI,
     line.lpStatus) = primal
    let dual = try measure("dualLP") { try mdp.occupancyLPValues(algorithm: lp.algorithm, timeLimit: lp.timeLimit) }
    (line.dualLPSeconds, line.dualLPOverVI, line.dualLPRawMaxRelDiffVsPI, line.dualLPMaxRelDiffVsPI,
     line.dualLPPolicyAgreementWithPI, line.dualLPStatus) = dual
    line.lpAlgorithm = lp.algorithm.rawValue
    line.lpTimeLimit = lp.timeLimit
    return line
}

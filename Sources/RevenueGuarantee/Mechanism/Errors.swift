/// Errors of the revenue-guarantee computations.
public enum RevenueGuaranteeError: Error, Sendable, CustomStringConvertible {
    /// The big-M MIP needs finite upper bounds on agent i's values.
    case unboundedDomainForMIP(agent: String)
    /// A method was requested that does not apply.
    case methodDoesNotApply(method: String, agent: String)
    /// A computed quantity broke an invariant the theory guarantees.
    case invariantViolated(String)

    /// One sentence for the user.
    public var description: String {
        switch self {
        case .unboundedDomainForMIP(let a):
            return "the big-M MIP needs finite bounds on the values of agent \"\(a)\" (its domain is unbounded); use the method lp or auto"
        case .methodDoesNotApply(let m, let a):
            return "method \(m) does not apply to agent \"\(a)\""
        case .invariantViolated(let s): return "invariant violated: \(s)"
        }
    }
}

/// Errors of ``runStaticMechanism(_:mechanism:options:)`` about the choice of method for an
/// instance (a caller's mistake, like bad input: the CLI exits with status 2).
public enum StaticMechanismError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The method does not apply to this instance (e.g. constraint generation on an outcome table).
    case methodDoesNotApply(method: RevenueGuaranteeMethod, reason: String)
    /// RM's revenue guarantees by an enumerating method need the feasible allocations
    /// enumerated, and the auction has more than `limit` of them.
    case tooManyAllocations(instance: String, limit: Int, method: RevenueGuaranteeMethod)

    /// One sentence for the user.
    public var description: String {
        switch self {
        case .methodDoesNotApply(let method, let reason):
            return "method \(method.rawValue) does not apply: \(reason)"
        case .tooManyAllocations(let name, let limit, let method):
            return "\(name): more than \(limit) feasible allocations, too many to enumerate for method \(method.rawValue); use method cg or auto (constraint generation), or VCG alone"
        }
    }
}

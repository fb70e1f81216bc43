/// Options of ``computeGittinsIndices(_:options:)``.
public struct GittinsOptions: Sendable, Codable, Equatable {
    /// The index method for finite arms (Beta arms always use calibration).
    public var method: GittinsMethod
    /// The bound on the truncation error of a Beta arm's index.
    public var betaErrorBound: Double
    /// Method `lp`: the largest number of LPs solved at once; `nil`: one per state.
    public var jobs: Int?
    /// Method `lp`: wall-clock limit in seconds of each CLP solve; `nil`: none.
    public var timeLimit: Double?

    /// Creates options (defaults: state elimination, Beta error below 1e-9).
    public init(method: GittinsMethod = .lri, betaErrorBound: Double = 1e-9, jobs: Int? = nil, timeLimit: Double? = nil) {
        self.method = method
        self.betaErrorBound = betaErrorBound
        self.jobs = jobs
        self.timeLimit = timeLimit
    }
}

/// The Gittins indices of one arm in a ``GittinsResult``.
public struct GittinsArmResult: Sendable, Equatable, Codable {
    /// The arm's name.
    public var name: String
    /// The method that computed the indices.
    public var method: GittinsMethod
    /// The indexed states in the arm's order (not encoded: the order of ``indices``' keys).
    public var states: [String]
    /// ν of every indexed state, by state name (reward-per-period units, thesis eq. 4.6).
    public var indices: [String: Double]
    /// For a Beta arm: the truncation depth of its expansion.
    public var truncationDepth: Int?
    /// For a Beta arm: the proven bound on the index's truncation error.
    public var truncationErrorBound: Double?

    /// Creates the result of one arm from its indices.
    public init(_ arm: ArmIndices) {
        name = arm.name
        method = arm.method
        states = arm.states
        indices = Dictionary(uniqueKeysWithValues: zip(arm.states, arm.indices))
        truncationDepth = arm.truncationDepth
        truncationErrorBound = arm.truncationErrorBound
    }

    private enum CodingKeys: String, CodingKey {
        case name, method, indices, truncationDepth, truncationErrorBound
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        method = try c.decode(GittinsMethod.self, forKey: .method)
        indices = try c.decode([String: Double].self, forKey: .indices)
        states = indices.keys.sorted()
        truncationDepth = try c.decodeIfPresent(Int.self, forKey: .truncationDepth)
        truncationErrorBound = try c.decodeIfPresent(Double.self, forKey: .truncationErrorBound)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(method, forKey: .method)
        try c.encode(indices, forKey: .indices)
        try c.encodeIfPresent(truncationDepth, forKey: .truncationDepth)
        try c.encodeIfPresent(truncationErrorBound, forKey: .truncationErrorBound)
    }
}

/// The Gittins indices of a bandit: the result JSON of `rmsolve gittins --format json`
/// (`"kind": "gittins"`, `"discount"`, `"name"` when the instance has one, and `"arms"`).
public struct GittinsResult: Sendable, Equatable, Codable {
    /// Always `"gittins"`.
    public var kind: String = "gittins"
    /// The instance's name, if it has one.
    public var name: String?
    /// The discount γ.
    public var discount: Double
    /// Every arm, in instance order.
    public var arms: [GittinsArmResult]
}

/// The Gittins index of every state of every finite arm (by `options.method`, each checked
/// against state elimination) and of the current state of every Beta arm (by calibration on
/// the expansion truncated so that the index error is below `options.betaErrorBound`).
/// Indices are in reward-per-period units (thesis eq. 4.6); the lump-sum retirement value is
/// index/(1−γ).
///
/// ```swift
/// let bandit = try BanditInstance.read(from: "instances/bandit/figure-4.7.json")
/// let result = try computeGittinsIndices(bandit, options: GittinsOptions(method: .lp))
/// print(result.arms[0].indices)
/// ```
///
/// - Throws: ``DynamicOptionError`` for an option out of range; ``GittinsError`` when
///   a method disagrees with state elimination; `SolverError` from CLP (method `lp`).
public func computeGittinsIndices(_ bandit: BanditInstance, options: GittinsOptions = .init()) throws -> GittinsResult {
    guard options.betaErrorBound > 0, options.betaErrorBound.isFinite else {
        throw DynamicOptionError("the Beta index error bound must be positive, found \(options.betaErrorBound)")
    }
    if let jobs = options.jobs, jobs < 1 { throw DynamicOptionError("the number of jobs must be at least 1, found \(jobs)") }
    if let t = options.timeLimit, !(t > 0 && t.isFinite) {
        throw DynamicOptionError("the time limit must be a positive number of seconds, found \(t)")
    }
    let arms = try bandit.gittinsIndices(method: options.method, betaErrorBound: options.betaErrorBound,
                                         jobs: options.jobs, timeLimit: options.timeLimit)
    return GittinsResult(name: bandit.name, discount: bandit.discount, arms: arms.map(GittinsArmResult.init))
}

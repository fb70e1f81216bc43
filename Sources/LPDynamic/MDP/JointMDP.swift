/// The joint MDP of several agents' local MDPs sharing one center action set (thesis §4.2.1,
/// thesis §4.2.1 and §5.1): joint state = tuple of local states (plus the time index with a
/// finite horizon), joint transition = product of local transitions, reward = sum of local
/// rewards. Only states reachable from the initial joint state are built.
///
/// An action is available in a joint state when it is available in every member's local
/// state. With a horizon of H decisions, joint states carry t = 0...H and states at t = H are
/// terminal (value 0: nothing is decided after the horizon). With no members the joint MDP has one state per
/// time index and every action yields 0 (the others-only MDP of a single agent).
///
/// ```swift
/// let joint = try JointMDP(locals: [car1, car2], names: ["1", "2"], horizon: 2, maxStates: 100_000)
/// let v = try joint.mdp.optimalValues().values[joint.mdp.initialState]
/// ```
public struct JointMDP: Sendable {
    /// The joint MDP (reward = Σ members' rewards).
    public let mdp: MDP
    /// The members' local MDPs, in member order.
    public let locals: [MDP]
    /// The members' names.
    public let memberNames: [String]
    /// The horizon (number of decisions), or nil for an infinite horizon.
    public let horizon: Int?
    /// Per joint state, each member's local state index.
    public let localStates: [[Int]]
    /// Per joint state, the time index (0 with an infinite horizon).
    public let times: [Int]
    /// Per member, its expected immediate reward r_i(s_i, a) for every joint pair s·|A| + a.
    public let memberRewards: [[Double]]
    private let index: [[Int32]: Int]

    /// Builds the reachable joint MDP. Local MDPs must share the action names; `discount`
    /// is the common γ (γ = 1 only with a horizon). Throws ``MDPError/tooManyJointStates(reached:limit:)``
    /// past `maxStates` reachable joint states.
    public init(
        locals: [MDP], names: [String], actionNames: [String], discount: Double, horizon: Int?,
        maxStates: Int = 1_000_000
    ) throws {
        let m = actionNames.count
        for local in locals where local.actionNames != actionNames {
            throw MDPError.invalidModel("local MDPs must share the action set")
        }
        if let h = horizon, h < 1 { throw MDPError.invalidModel("the horizon must be positive") }
        var index: [[Int32]: Int] = [:]
        var keys: [[Int32]] = []
        func key(_ states: [Int], _ t: Int) -> [Int32] {
            states.map(Int32.init) + (horizon == nil ? [] : [Int32(t)])
        }
        let start = key(locals.map(\.initialState), 0)
        index[start] = 0
        keys.append(start)
        var transitionStart = [0]
        var successors: [Int32] = []
        var probabilities: [Double] = []
        var rewards: [Double] = []
        var memberRewards = [[Double]](repeating: [], count: locals.count)
        var localStates: [[Int]] = []
        var times: [Int] = []
        var cursor = 0
        while cursor < keys.count {
            let k = keys[cursor]
            let states = k.prefix(locals.count).map(Int.init)
            let t = horizon == nil ? 0 : Int(k[locals.count])
            localStates.append(states)
            times.append(t)
            cursor += 1
            for a in 0..<m {
                for (i, local) in locals.enumerated() { memberRewards[i].append(local.expectedReward(states[i], a)) }
                let open = horizon.map { t < $0 } ?? true
                let ranges = locals.enumerated().map { $0.element.transitions(states[$0.offset], a) }
                if !open || ranges.contains(where: \.isEmpty) {
                    transitionStart.append(successors.count)
                    continue
                }
                // Enumerate the product of the members' local successor lists (odometer).
                var digit = ranges.map(\.lowerBound)
                while true {
                    var p = 1.0, r = 0.0
                    var next = [Int](repeating: 0, count: locals.count)
                    for (i, local) in locals.enumerated() {
                        p *= local.probabilities[digit[i]]
                        r += local.transitionRewards[digit[i]]
                        next[i] = Int(local.successors[digit[i]])
                    }
                    if p > 0 {
                        let nk = key(next, t + 1)
                        var j = index[nk]
                        if j == nil {
                            j = keys.count
                            guard keys.count < maxStates else {
                                throw MDPError.tooManyJointStates(reached: keys.count + 1, limit: maxStates)
                            }
                            index[nk] = j
                            keys.append(nk)
                        }
                        successors.append(Int32(j!))
                        probabilities.append(p)
                        rewards.append(r)
                    }
                    var position = locals.count - 1
                    while position >= 0 {
                        digit[position] += 1
                        if digit[position] < ranges[position].upperBound { break }
                        digit[position] = ranges[position].lowerBound
                        position -= 1
                    }
                    if position < 0 { break }
                }
                transitionStart.append(successors.count)
            }
        }
        let stateNames = zip(localStates, times).map { states, t -> String in
            let tuple = states.count == 1
                ? locals[0].stateNames[states[0]]
                : "(" + states.enumerated().map { locals[$0.offset].stateNames[$0.element] }.joined(separator: ", ") + ")"
            return horizon == nil ? tuple : "\(tuple)@\(t)"
        }
        // Product probabilities sum to 1 up to rounding; renormalise each pair exactly.
        for k in 0..<(transitionStart.count - 1) {
            let range = transitionStart[k]..<transitionStart[k + 1]
            if range.isEmpty { continue }
            let total = range.reduce(0.0) { $0 + probabilities[$1] }
            for t in range { probabilities[t] /= total }
        }
        self.mdp = try MDP(
            stateNames: stateNames, actionNames: actionNames, discount: discount, initialState: 0,
            isFiniteHorizon: horizon != nil, transitionStart: transitionStart, successors: successors,
            probabilities: probabilities, transitionRewards: rewards)
        self.locals = locals
        self.memberNames = names
        self.horizon = horizon
        self.localStates = localStates
        self.times = times
        self.memberRewards = memberRewards
        self.index = index
    }

    /// The joint state with the members' local states `states` at time `time` (ignored with
    /// an infinite horizon), or nil when it is not reachable.
    public func stateIndex(localStates states: [Int], time: Int) -> Int? {
        index[states.map(Int32.init) + (horizon == nil ? [] : [Int32(time)])]
    }
}

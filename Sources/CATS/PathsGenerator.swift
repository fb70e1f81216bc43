import Foundation
import InstanceIO

/// The CATS "paths" distribution (Leyton-Brown, Pearson & Shoham 2000, section "Paths in
/// space"; the process and defaults of the CATS 2.x program's `paths` generator): cities are
/// points in the unit square joined by roads; the goods are the roads. A bidder wants to ship
/// between two cities and bids, in one XOR set, on its cheapest routes (sequences of roads).
///
/// Building the network (`n = max(⌊1.2·m / edgeDensity⌋, initialConnections + 1)` cities for
/// `m` requested goods):
/// 1. `n` cities uniform in the unit square; each city gets a road to each of its
///    `initialConnections` nearest cities;
/// 2. while there are fewer than `edgeDensity · n` roads: two distinct random cities, and the
///    road between them is built unless it exists. After more than `n` draws in a row that
///    build nothing, the network is discarded and step 1 starts again with `n + 1` cities; a
///    network that is not connected is discarded and redrawn with `n` cities.
///
/// Bidding, per bidder:
/// 3. two distinct random cities `s`, `t` and a factor `d ~ U[1, shippingCostFactor]`; the
///    bidder's bound starts at `d · |st|` (the straight-line distance);
/// 4. a depth-first search over simple routes from `s` to `t` (neighbours nearest to `t`
///    first, a route abandoned once its length plus the straight line to `t` reaches the
///    bound) keeps the `maxBidSetSize` shortest routes; whenever it holds that many, the bound
///    drops to the length of the longest one kept;
/// 5. the bidder bids on the kept routes, shortest first, every bid at the same price: the
///    final bound. (It is `d · |st|` when fewer than `maxBidSetSize` routes fit under it, and
///    the longest kept route's length otherwise.) Two or more bids form one XOR set, marked by
///    a dummy good.
///
/// The goods: roads enter the auction as bids use them. Once exactly `m` roads are used, the
/// bids outside the largest group of bids linked by shared goods are removed (their roads no
/// longer count); if `m` roads are still used, every unused road is torn down, so later
/// routes use only those `m` roads. A route that would bring the count above `m` ends its
/// bidder's XOR set before it. Bidders are drawn until there are `bids` bids (the last XOR set
/// cut to fit); when that happens before the `m` roads are fixed (or when
/// `100 · max(bids, n)` bidders in a row add no bid), everything starts again with one more
/// city. Goods are numbered by the order in which their roads were built.
///
/// Where this follows the CATS code rather than its comments or its generality:
/// - CATS finds the cheapest way to connect two cities with every road step costing
///   `buildingPenalty ×` its length, built or not (the comment says only unbuilt roads should
///   pay the penalty). Scaled straight-line costs make the direct road always cheapest, so each
///   step of 2 builds one direct road and `buildingPenalty` has no effect; it is kept as a
///   parameter and written into the file;
/// - the bid price is the bidder's final bound for every route (the code writes
///   `bound − cost` with the cost of the search's root, which is 0);
/// - CATS stops at the first route that brings the used roads to `m` or more (so a file may
///   have a few more goods than requested); here a route that would overshoot ends the set, so
///   a file has exactly `m` goods;
/// - at least `initialConnections + 1` cities (CATS would loop forever with fewer than 2), and
///   at most `max(5m, 32)` (CATS: `5m`) before giving up with a ``GeneratorError``.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let auction = try PathsGenerator().generateAuction(goods: 64, bids: 500, using: &rng)
/// auction.network.roads.count    // 64: every good is a road
/// auction.bidders[0].paths[0]    // the first bid's route, as cities from s to t
/// ```
public struct PathsGenerator: CATSGenerator {
    /// Roads from each city to its nearest cities (CATS `initial_connections`, 2).
    public var initialConnections = 2
    /// Roads per city before bidding starts (CATS `edge_density`, 3).
    public var edgeDensity = 3.0
    /// Cost factor of building a road (CATS `building_penalty`, 1.7; see the type's notes).
    public var buildingPenalty = 1.7
    /// Largest factor `d` of a bidder's bound `d · |st|` (CATS `shipping_cost_factor`, 1.5).
    public var shippingCostFactor = 1.5
    /// Most routes (bids) per bidder (CATS `max_bid_set_size`, 5).
    public var maxBidSetSize = 5

    /// The CATS defaults.
    public init() {}

    /// The parameters, one per line.
    public var parameterDescription: [String] {
        [
            "Paths distribution parameters: initial connections = \(initialConnections), "
                + "edge density = \(edgeDensity), building penalty = \(buildingPenalty)",
            "Shipping cost factor = \(shippingCostFactor), max bid set size = \(maxBidSetSize); "
                + "goods are roads, a bid is a route between two cities",
        ]
    }

    /// Draws an auction with exactly `goods` roads as goods and exactly `bids` bids.
    public func generate(goods m: Int, bids: Int, using rng: inout SeededGenerator)
        throws(GeneratorError) -> CATSFile
    {
        try generateAuction(goods: m, bids: bids, using: &rng).file
    }

    /// Draws an auction and returns it with its road network and each bidder's routes.
    public func generateAuction(goods m: Int, bids: Int, using rng: inout SeededGenerator)
        throws(GeneratorError) -> PathsAuction
    {
        guard m >= 1, bids >= 1 else { throw GeneratorError("paths needs at least 1 good and 1 bid") }
        guard initialConnections >= 1, edgeDensity > 0, shippingCostFactor >= 1, maxBidSetSize >= 1,
              buildingPenalty >= 1 else {
            throw GeneratorError("paths needs initial connections ≥ 1, edge density > 0, building penalty ≥ 1, "
                                 + "shipping cost factor ≥ 1 and max bid set size ≥ 1")
        }
        var n = max(Int(1.2 * Double(m) / edgeDensity), initialConnections + 1)
        let maxCities = max(5 * m, 32)
        while true {
            guard n <= maxCities else {
                throw GeneratorError("paths could not build a road network with \(m) goods and \(bids) bids "
                                     + "on at most \(maxCities) cities")
            }
            var graph = RoadGraph(cities: (0..<n).map { _ in PathsNetwork.City(x: rng.unit(), y: rng.unit()) })
            graph.buildShortRoads(initialConnections)
            guard graph.buildRandomRoads(target: edgeDensity * Double(n), using: &rng) else {
                n += 1
                continue
            }
            guard graph.isConnected else { continue }
            if let auction = drawBidders(graph: &graph, goods: m, bids: bids, using: &rng) {
                return auction
            }
            n += 1
        }
    }

    /// Steps 3–5 and the goods rule; `nil` when `bids` bids are reached before exactly `m` roads
    /// are in use (or bidders stop adding bids), so that the caller starts again.
    func drawBidders(graph: inout RoadGraph, goods m: Int, bids: Int, using rng: inout SeededGenerator)
        -> PathsAuction?
    {
        let n = graph.cities.count
        var bidders: [PathsBidder] = []
        var bidCount = 0
        var used = [Bool](repeating: false, count: graph.roads.count)
        var usedCount = 0
        var fixed = false
        var idleDraws = 0
        while bidCount < bids {
            let s = Int.random(in: 0..<n, using: &rng)
            var t = Int.random(in: 0..<n, using: &rng)
            while t == s { t = Int.random(in: 0..<n, using: &rng) }
            let d = 1 + rng.unit() * (shippingCostFactor - 1)
            let (routes, bound) = graph.shortestRoutes(from: s, to: t, bound: d * graph.distance(s, t),
                                                       keep: maxBidSetSize)
            var kept: [[Int]] = []
            for route in routes {
                if bidCount + kept.count == bids { break }
                let fresh = Set(graph.roadsAlong(route).filter { !used[$0] })
                if !fixed && usedCount + fresh.count > m { break }
                for road in fresh { used[road] = true }
                usedCount += fresh.count
                kept.append(route)
                if !fixed && usedCount == m { break }
            }
            if kept.isEmpty {
                idleDraws += 1
                if idleDraws > 100 * max(bids, n) { return nil }
                continue
            }
            idleDraws = 0
            bidders.append(PathsBidder(from: s, to: t, shippingFactor: d, paths: kept, price: bound))
            bidCount += kept.count
            if !fixed && usedCount == m {
                bidders = largestLinkedGroup(bidders, graph: graph)
                used = [Bool](repeating: false, count: graph.roads.count)
                for bidder in bidders {
                    for route in bidder.paths { for road in graph.roadsAlong(route) { used[road] = true } }
                }
                usedCount = used.reduce(0) { $0 + ($1 ? 1 : 0) }
                bidCount = bidders.reduce(0) { $0 + $1.paths.count }
                if usedCount == m {
                    graph.keepOnly(used)
                    fixed = true
                }
            }
        }
        guard fixed else { return nil }
        return assemble(graph: graph, used: used, bidders: bidders)
    }

    /// The bidders whose bids lie in the largest group of bids linked by shared roads (a bidder's
    /// own bids are linked by its dummy good); ties go to the group found first.
    func largestLinkedGroup(_ bidders: [PathsBidder], graph: RoadGraph) -> [PathsBidder] {
        var biddersOfRoad = [[Int]](repeating: [], count: graph.roads.count)
        for (b, bidder) in bidders.enumerated() {
            for road in Set(bidder.paths.flatMap { graph.roadsAlong($0) }) { biddersOfRoad[road].append(b) }
        }
        var group = [Int](repeating: -1, count: bidders.count)
        var best: (group: Int, bids: Int) = (-1, -1)
        for start in bidders.indices where group[start] < 0 {
            group[start] = start
            var stack = [start], bids = 0
            while let b = stack.popLast() {
                bids += bidders[b].paths.count
                for road in Set(bidders[b].paths.flatMap { graph.roadsAlong($0) }) {
                    for other in biddersOfRoad[road] where group[other] < 0 {
                        group[other] = start
                        stack.append(other)
                    }
                }
            }
            if bids > best.bids { best = (start, bids) }
        }
        return bidders.indices.filter { group[$0] == best.group }.map { bidders[$0] }
    }

    /// The file and the network of the `m` used roads (goods numbered in building order).
    func assemble(graph: RoadGraph, used: [Bool], bidders: [PathsBidder]) -> PathsAuction {
        var good = [Int](repeating: -1, count: graph.roads.count)
        var roads: [PathsNetwork.Road] = []
        for (r, road) in graph.roads.enumerated() where used[r] {
            good[r] = roads.count
            roads.append(road)
        }
        let m = roads.count
        var fileBids: [CATSBid] = []
        var dummyCount = 0
        for bidder in bidders {
            let dummy: [Int] = bidder.paths.count > 1 ? [m + dummyCount] : []
            if bidder.paths.count > 1 { dummyCount += 1 }
            for route in bidder.paths {
                let goods = graph.roadsAlong(route).map { good[$0] }.sorted()
                fileBids.append(CATSBid(price: roundPrice(bidder.price), goods: goods + dummy))
            }
        }
        return PathsAuction(
            network: PathsNetwork(cities: graph.cities, roads: roads),
            bidders: bidders,
            file: CATSFile(goodCount: m, dummyCount: dummyCount, bids: fileBids))
    }
}

/// The cities and roads of a ``PathsGenerator`` auction: good `g` is road `roads[g]`.
public struct PathsNetwork: Sendable, Equatable {
    /// A city: a point in the unit square.
    public struct City: Sendable, Equatable {
        /// Coordinates in [0, 1).
        public var x, y: Double
        /// Creates a city.
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// A road between two cities (`a < b`).
    public struct Road: Sendable, Equatable, Hashable {
        /// The cities it joins, `a < b`.
        public var a, b: Int
        /// Creates a road, ordering its ends.
        public init(_ a: Int, _ b: Int) { (self.a, self.b) = (min(a, b), max(a, b)) }
    }

    /// Every city drawn (some may have no road left).
    public var cities: [City]
    /// The roads that are goods; road `g` is good `g`.
    public var roads: [Road]

    /// Creates a network.
    public init(cities: [City], roads: [Road]) {
        self.cities = cities
        self.roads = roads
    }

    /// The straight-line distance between cities `i` and `j`.
    public func distance(_ i: Int, _ j: Int) -> Double {
        let dx = cities[i].x - cities[j].x, dy = cities[i].y - cities[j].y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The length of road (good) `g`.
    public func length(ofRoad g: Int) -> Double { distance(roads[g].a, roads[g].b) }

    /// The length of a route given as a sequence of cities.
    public func length(ofRoute cities: [Int]) -> Double {
        zip(cities, cities.dropFirst()).reduce(0) { $0 + distance($1.0, $1.1) }
    }
}

/// One bidder of a ``PathsGenerator`` auction: its XOR set of routes from `from` to `to`.
public struct PathsBidder: Sendable, Equatable {
    /// The cities it wants to connect.
    public var from, to: Int
    /// Its factor `d ∈ [1, shippingCostFactor]`; the initial bound is `d · |from to|`.
    public var shippingFactor: Double
    /// Its routes, shortest first, each the sequence of cities from `from` to `to`; route `k` is
    /// the bidder's `k`-th bid in the file.
    public var paths: [[Int]]
    /// The price of every one of its bids, before rounding to 4 decimals.
    public var price: Double

    /// Creates a bidder.
    public init(from: Int, to: Int, shippingFactor: Double, paths: [[Int]], price: Double) {
        self.from = from
        self.to = to
        self.shippingFactor = shippingFactor
        self.paths = paths
        self.price = price
    }
}

/// A generated paths auction: the file, and the network and routes behind it.
public struct PathsAuction: Sendable, Equatable {
    /// The cities and the roads that are goods.
    public var network: PathsNetwork
    /// The bidders in file order (their bids are consecutive).
    public var bidders: [PathsBidder]
    /// The CATS file (no comments).
    public var file: CATSFile
}

/// The road network while it is being built and bid on.
struct RoadGraph {
    var cities: [PathsNetwork.City]
    /// Every road built, in building order (road index = position).
    var roads: [PathsNetwork.Road] = []
    /// `roadIndex[i][j]`: the road between cities i and j, or -1.
    var roadIndex: [[Int]]
    /// The cities reachable by one road (only kept roads after ``keepOnly(_:)``).
    var neighbours: [[Int]]

    init(cities: [PathsNetwork.City]) {
        self.cities = cities
        roadIndex = [[Int]](repeating: [Int](repeating: -1, count: cities.count), count: cities.count)
        neighbours = [[Int]](repeating: [], count: cities.count)
    }

    func distance(_ i: Int, _ j: Int) -> Double {
        let dx = cities[i].x - cities[j].x, dy = cities[i].y - cities[j].y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Builds the road between `i` and `j`; `false` if it exists.
    mutating func build(_ i: Int, _ j: Int) -> Bool {
        guard roadIndex[i][j] < 0 else { return false }
        roadIndex[i][j] = roads.count
        roadIndex[j][i] = roads.count
        roads.append(PathsNetwork.Road(i, j))
        neighbours[i].append(j)
        neighbours[j].append(i)
        return true
    }

    /// Step 1: a road from every city to each of its `k` nearest cities (ties: lower index).
    mutating func buildShortRoads(_ k: Int) {
        let n = cities.count
        for i in 0..<n {
            let nearest = (0..<n).filter { $0 != i }
                .sorted { (distance(i, $0), $0) < (distance(i, $1), $1) }
                .prefix(k)
            for j in nearest { _ = build(i, j) }
        }
    }

    /// Step 2; `false` after `n` draws in a row that build nothing.
    mutating func buildRandomRoads(target: Double, using rng: inout SeededGenerator) -> Bool {
        let n = cities.count
        var idle = 0
        while Double(roads.count) < target {
            let i = Int.random(in: 0..<n, using: &rng)
            var j = Int.random(in: 0..<n, using: &rng)
            while j == i { j = Int.random(in: 0..<n, using: &rng) }
            if build(i, j) {
                idle = 0
            } else {
                idle += 1
                if idle > n { return false }
            }
        }
        return true
    }

    /// Whether every city is reachable from city 0.
    var isConnected: Bool {
        var seen = [Bool](repeating: false, count: cities.count)
        var stack = [0]
        seen[0] = true
        var count = 1
        while let c = stack.popLast() {
            for d in neighbours[c] where !seen[d] {
                seen[d] = true
                count += 1
                stack.append(d)
            }
        }
        return count == cities.count
    }

    /// The road indices along a route of cities.
    func roadsAlong(_ route: [Int]) -> [Int] {
        zip(route, route.dropFirst()).map { roadIndex[$0.0][$0.1] }
    }

    /// Tears down every road whose `keep` is false (road indices stay as they were).
    mutating func keepOnly(_ keep: [Bool]) {
        for (r, road) in roads.enumerated() where !keep[r] {
            roadIndex[road.a][road.b] = -1
            roadIndex[road.b][road.a] = -1
            neighbours[road.a].removeAll { $0 == road.b }
            neighbours[road.b].removeAll { $0 == road.a }
        }
    }

    /// Step 4: the `keep` shortest simple routes from `s` to `t` shorter than the bound (which
    /// drops to the longest kept route's length while `keep` routes are held), shortest first
    /// (equal lengths in the order found), and the final bound.
    func shortestRoutes(from s: Int, to t: Int, bound initial: Double, keep: Int) -> ([[Int]], Double) {
        let toTarget = cities.indices.map { distance($0, t) }
        let order = neighbours.map { list in list.sorted { (toTarget[$0], $0) < (toTarget[$1], $1) } }
        var search = RouteSearch(order: order, toTarget: toTarget, target: t, keep: keep, bound: initial,
                                 onRoute: [Bool](repeating: false, count: cities.count), route: [s])
        search.onRoute[s] = true
        search.extend(cost: 0, graph: self)
        return (search.best.map(\.route), search.bound)
    }
}

/// The depth-first search of ``RoadGraph/shortestRoutes(from:to:bound:keep:)``.
struct RouteSearch {
    let order: [[Int]]
    let toTarget: [Double]
    let target: Int
    let keep: Int
    var bound: Double
    var onRoute: [Bool]
    var route: [Int]
    var best: [(route: [Int], cost: Double)] = []

    mutating func extend(cost: Double, graph: RoadGraph) {
        let last = route[route.count - 1]
        for next in order[last] where !onRoute[next] {
            let step = graph.distance(last, next)
            guard cost + step + toTarget[next] < bound else { continue }
            route.append(next)
            if next == target {
                record(cost: cost + step)
            } else {
                onRoute[next] = true
                extend(cost: cost + step, graph: graph)
                onRoute[next] = false
            }
            route.removeLast()
        }
    }

    /// Inserts the current route among the kept ones (dropping the longest when full).
    mutating func record(cost: Double) {
        if best.count == keep { best.removeLast() }
        var j = best.count
        while j > 0 && best[j - 1].cost > cost { j -= 1 }
        best.insert((route, cost), at: j)
        if best.count == keep { bound = best[keep - 1].cost }
    }
}

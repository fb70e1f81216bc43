import InstanceIO

/// A combinatorial auction with XOR bids (SPEC kind "combinatorial").
///
/// A bidder's value for a bundle is the largest value of its bids contained in the bundle
/// (XOR bids with free disposal), v(∅) = 0.
public struct AuctionInstance: Sendable {
    /// One XOR bid: a bundle (a bit mask over ``goods``) and its value.
    public struct Bid: Sendable, Equatable {
        /// Bit k set when the bundle holds good k.
        public var bundle: UInt32
        /// The reported value.
        public var value: Double
        /// Creates a bid.
        public init(bundle: UInt32, value: Double) { self.bundle = bundle; self.value = value }
    }

    /// Which type space the mechanism assumes for every bidder.
    public enum Domain: String, Sendable {
        /// Any normalized, free-disposal valuation over all bundles, bounded by `upper`
        /// (thesis §3.5.2).
        case monotone
        /// Any values in [0, upper] on the bidder's own bid bundles (bundles public).
        case bids
    }

    /// The instance's name.
    public var name: String
    /// The goods' names.
    public var goods: [String]
    /// The bidders' names.
    public var bidders: [String]
    /// Each bidder's bids.
    public var bids: [[Bid]]
    /// The domain of every bidder's type.
    public var domain: Domain
    /// The domain's upper bound on any value (`.infinity` when `null`).
    public var upper: Double

    /// Creates an auction.
    public init(name: String, goods: [String], bidders: [String], bids: [[Bid]], domain: Domain, upper: Double) {
        self.name = name
        self.goods = goods
        self.bidders = bidders
        self.bids = bids
        self.domain = domain
        self.upper = upper
    }

    /// The goods of a bundle mask, in the order of ``goods``.
    public func goodNames(_ bundle: UInt32) -> [String] {
        goods.indices.filter { bundle & (1 << UInt32($0)) != 0 }.map { goods[$0] }
    }

    /// Bidder i's value for a bundle: the largest value of its bids inside the bundle, or 0.
    public func value(bidder i: Int, bundle: UInt32) -> Double {
        bids[i].reduce(0) { ($1.bundle & ~bundle) == 0 ? max($0, $1.value) : $0 }
    }
}

/// Reads an instance of kind "combinatorial" (SPEC), validating names, bundles and values.
public func readAuction(_ root: JSONValue) throws -> AuctionInstance {
    let name = try root.optional("name")?.string() ?? "auction"
    let goodsNode = try root["goods"]
    let goods = try goodsNode.strings()
    let goodIndex = try uniqueNames(goods, at: goodsNode, what: "good")
    guard goods.count <= 30 else { throw goodsNode.error("at most 30 goods are supported, found \(goods.count)") }

    var domain = AuctionInstance.Domain.monotone
    var upper = Double.infinity
    if let domainNode = try root.optional("domain") {
        let typeNode = try domainNode["type"]
        guard let d = AuctionInstance.Domain(rawValue: try typeNode.string()) else {
            throw typeNode.error("unknown domain type \"\(try typeNode.string())\" (expected \"monotone\" or \"bids\")")
        }
        domain = d
        if let u = try domainNode.optional("upper") {
            upper = try u.number()
            guard upper >= 0 else { throw u.error("empty domain: upper bound \(upper) is negative") }
        }
    }

    let biddersNode = try root["bidders"]
    let bidderNodes = try biddersNode.array()
    let names = try bidderNodes.map { try $0["name"].string() }
    _ = try uniqueNames(names, at: biddersNode, what: "bidder", nameKey: "name")
    var allBids: [[AuctionInstance.Bid]] = []
    for bidder in bidderNodes {
        var list: [AuctionInstance.Bid] = []
        for bidNode in try bidder["bids"].array() {
            let bundleNode = try bidNode["bundle"]
            var mask: UInt32 = 0
            for goodNode in try bundleNode.array() {
                let good = try goodNode.string()
                guard let g = goodIndex[good] else { throw goodNode.error("bid on unknown good \"\(good)\"") }
                guard mask & (1 << UInt32(g)) == 0 else { throw goodNode.error("good \"\(good)\" appears twice in the bundle") }
                mask |= 1 << UInt32(g)
            }
            guard mask != 0 else { throw bundleNode.error("empty bundle") }
            let valueNode = try bidNode["value"]
            let value = try valueNode.number()
            guard value >= 0 else { throw valueNode.error("reported value \(value) lies outside the domain [0, \(upper)]") }
            guard value <= upper else { throw valueNode.error("reported value \(value) lies outside the domain [0, \(upper)]") }
            if domain == .bids, list.contains(where: { $0.bundle == mask }) {
                throw bundleNode.error("a second bid on the same bundle (the \"bids\" domain needs one value per bundle)")
            }
            list.append(.init(bundle: mask, value: value))
        }
        allBids.append(list)
    }
    if domain == .monotone {
        guard goods.count <= 12 else {
            throw try root["domain"].error("the \"monotone\" domain has one variable per bundle: at most 12 goods (found \(goods.count)); use \"bids\"")
        }
    }
    return AuctionInstance(name: name, goods: goods, bidders: names, bids: allBids, domain: domain, upper: upper)
}

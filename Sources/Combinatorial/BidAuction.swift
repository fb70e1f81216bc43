import CATS

/// A combinatorial auction with XOR bids of any size (SPEC kind "combinatorial" and CATS
/// files), in the form the constraint-generation revenue guarantees work on: bundles are
/// ``GoodSet``s, so there is no limit on the number of goods.
///
/// A bidder's value for a bundle is the largest value of its bids inside it (XOR bids with
/// free disposal), v(∅) = 0 — as in ``AuctionInstance``.
public struct BidAuction: Sendable {
    /// One XOR bid.
    public struct Bid: Sendable, Equatable {
        /// The bundle.
        public var goods: GoodSet
        /// The reported value (≥ 0).
        public var value: Double
        /// Creates a bid.
        public init(goods: GoodSet, value: Double) { self.goods = goods; self.value = value }
    }

    /// The instance's name.
    public var name: String
    /// The goods' names.
    public var goods: [String]
    /// The bidders' names.
    public var bidders: [String]
    /// Each bidder's bids.
    public var bids: [[Bid]]
    /// Every bidder's domain (``AuctionInstance/Domain``).
    public var domain: AuctionInstance.Domain
    /// The domain's upper bound on any value (`.infinity` for none).
    public var upper: Double

    /// Creates an auction.
    public init(name: String, goods: [String], bidders: [String], bids: [[Bid]],
                domain: AuctionInstance.Domain, upper: Double) {
        self.name = name
        self.goods = goods
        self.bidders = bidders
        self.bids = bids
        self.domain = domain
        self.upper = upper
    }

    /// The same auction as an ``AuctionInstance`` (bundles as bit masks).
    public init(_ auction: AuctionInstance) {
        let g = auction.goods.count
        self.init(name: auction.name, goods: auction.goods, bidders: auction.bidders,
                  bids: auction.bids.map { list in list.map { bid in
                      Bid(goods: GoodSet((0..<g).filter { bid.bundle & (1 << UInt32($0)) != 0 }, count: g), value: bid.value)
                  } },
                  domain: auction.domain, upper: auction.upper)
    }

    /// The auction of a CATS file. Goods are named `g0`…`g{N−1}` (the file's good indices);
    /// bidders are named by their index `0`, `1`, … in the order of ``CATSFile/bidders``
    /// (bids sharing a dummy good form one bidder; a bid without one is a bidder of its own).
    /// Two bids of one bidder on the same bundle are merged into one with the higher price:
    /// exact in both domains, since a bidder's XOR value for a bundle is its best bid inside it.
    public init(cats file: CATSFile, name: String, domain: AuctionInstance.Domain, upper: Double) {
        let n = file.goodCount
        let goodsOfBid = file.bidGoods
        var lists: [[Bid]] = []
        for bidIndices in file.bidders {
            var list: [Bid] = []
            var position: [GoodSet: Int] = [:]
            for k in bidIndices {
                let set = GoodSet(goodsOfBid[k], count: n)
                if let p = position[set] { list[p].value = max(list[p].value, file.bids[k].price); continue }
                position[set] = list.count
                list.append(Bid(goods: set, value: file.bids[k].price))
            }
            lists.append(list)
        }
        self.init(name: name, goods: (0..<n).map { "g\($0)" }, bidders: lists.indices.map { "\($0)" },
                  bids: lists, domain: domain, upper: upper)
    }

    /// The auction as an ``AuctionInstance`` (for the enumeration methods), or `nil` with more
    /// than 30 goods.
    public var auctionInstance: AuctionInstance? {
        guard goods.count <= 30 else { return nil }
        let converted = bids.map { list in list.map { bid in
            AuctionInstance.Bid(bundle: bid.goods.elements.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }, value: bid.value)
        } }
        return AuctionInstance(name: name, goods: goods, bidders: bidders, bids: converted, domain: domain, upper: upper)
    }

    /// Bidder k's reported value for a bundle: its best bid inside the bundle, or 0.
    public func value(bidder k: Int, bundle: GoodSet) -> Double {
        bids[k].reduce(0) { $1.goods.isSubset(of: bundle) ? max($0, $1.value) : $0 }
    }

    /// The number of goods.
    public var goodCount: Int { goods.count }
}

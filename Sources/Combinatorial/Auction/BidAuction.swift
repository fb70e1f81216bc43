import CATS
import InstanceIO

/// A combinatorial auction with XOR bids: the one auction model of rmsolve (instance kind
/// "combinatorial" and CATS files alike). Bundles are ``GoodSet``s, so there is no limit on the
/// number of goods.
///
/// A bidder's value for a bundle is the largest value of its bids inside it (XOR bids with
/// free disposal), v(∅) = 0. Its type space depends on ``domain`` (see ``typeSpace(ofBidder:)``).
///
/// ```swift
/// let auction = BidAuction(name: "two goods", goods: ["c", "d"], bidders: ["1", "2"],
///                          bids: [[.init(goods: GoodSet([0, 1], count: 2), value: 12)],
///                                 [.init(goods: GoodSet([0], count: 2), value: 7)]],
///                          domain: .bids, upper: 20)
/// ```
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

    /// Which type space the mechanism assumes for every bidder.
    public enum Domain: String, Sendable, CaseIterable, Codable {
        /// Any normalized, free-disposal valuation over all bundles, bounded by `upper`
        /// (thesis §3.5.2). One type coordinate per non-empty bundle: at most
        /// ``BidAuction/monotoneGoodLimit`` goods.
        case monotone
        /// Any values in [0, upper] on the bidder's own bid bundles (bundles public).
        case bids
    }

    /// The most goods the "monotone" domain allows (it has 2^goods − 1 coordinates per bidder).
    public static let monotoneGoodLimit = 12

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
    /// The domain's upper bound on any value (`.infinity` for none).
    public var upper: Double

    /// Creates an auction (checked by ``StaticInstance/read(path:options:)`` when read from a
    /// file, and by the mechanisms when built in code).
    public init(name: String, goods: [String], bidders: [String], bids: [[Bid]], domain: Domain, upper: Double) {
        self.name = name
        self.goods = goods
        self.bidders = bidders
        self.bids = bids
        self.domain = domain
        self.upper = upper
    }

    /// The auction of a CATS file. Goods are named `g0`…`g{N−1}` (the file's good indices);
    /// bidders are named by their index `0`, `1`, … in the order of ``CATSFile/bidders``
    /// (bids sharing a dummy good form one bidder; a bid without one is a bidder of its own).
    /// Two bids of one bidder on the same bundle are merged into one with the higher price:
    /// exact in both domains, since a bidder's XOR value for a bundle is its best bid inside it.
    public init(cats file: CATSFile, name: String, domain: Domain, upper: Double) {
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

    /// The number of goods.
    public var goodCount: Int { goods.count }

    /// The names of a bundle's goods, in the order of ``goods``.
    public func goodNames(_ bundle: GoodSet) -> [String] { bundle.elements.map { goods[$0] } }

    /// Bidder k's reported value for a bundle: its best bid inside the bundle, or 0.
    public func value(bidder k: Int, bundle: GoodSet) -> Double {
        bids[k].reduce(0) { $1.goods.isSubset(of: bundle) ? max($0, $1.value) : $0 }
    }

    /// The bundle of a bit mask (bit k: good k), for the "monotone" domain's coordinates.
    func bundle(mask: Int) -> GoodSet { GoodSet(mask: UInt64(mask), count: goodCount) }

    /// Bidder i's type space Θ_i in the one form of ``TypeSpace``:
    /// - "bids": one coordinate per bid, its value, in `[0, upper]`;
    /// - "monotone" (thesis §3.5.2): one coordinate per non-empty bundle B (coordinate
    ///   `mask(B) − 1`), `0 ≤ x_B ≤ upper`, and free disposal `x_B ≤ x_{B∪{g}}`.
    public func typeSpace(ofBidder i: Int) -> TypeSpace {
        switch domain {
        case .bids:
            let d = bids[i].count
            return TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: upper, count: d),
                             coordinateNames: bids[i].map { "value of bid {\(goodNames($0.goods).joined(separator: ","))}" })
        case .monotone:
            let g = goodCount, full = (1 << g) - 1
            var rows: [TypeSpaceRow] = []
            for b in 1...max(1, full) where full > 0 {
                for good in 0..<g where b & (1 << good) == 0 {
                    rows.append(TypeSpaceRow(columns: [b - 1, (b | (1 << good)) - 1], coefficients: [1, -1],
                                             lower: -.infinity, upper: 0))
                }
            }
            let d = max(0, full)
            return TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: upper, count: d), rows: rows,
                             coordinateNames: (0..<d).map { "value of {\(goodNames(bundle(mask: $0 + 1)).joined(separator: ","))}" })
        }
    }

    /// Bidder i's reported type vector in the coordinates of ``typeSpace(ofBidder:)``.
    public func report(ofBidder i: Int) -> [Double] {
        switch domain {
        case .bids: return bids[i].map(\.value)
        case .monotone: return (0..<max(0, (1 << goodCount) - 1)).map { value(bidder: i, bundle: bundle(mask: $0 + 1)) }
        }
    }

    /// Checks what a mechanism needs: names and bids consistent with the goods, values in the
    /// domain `[0, upper]`, one bid per bundle in the "bids" domain, and at most
    /// ``monotoneGoodLimit`` goods in the "monotone" domain. Throws an ``InstanceError``
    /// naming `file` (the instance's name when built in code).
    public func validate(file: String? = nil) throws {
        let file = file ?? "auction \"\(name)\""
        func fail(_ location: String, _ message: String) -> InstanceError {
            InstanceError(file: file, location: location, message: message)
        }
        guard bids.count == bidders.count else {
            throw fail("bidders", "\(bidders.count) bidders but \(bids.count) bid lists")
        }
        guard upper >= 0 else { throw fail("domain", "empty domain: upper bound \(upper) is negative") }
        if domain == .monotone, goodCount > BidAuction.monotoneGoodLimit {
            throw fail("domain", "the \"monotone\" domain has one variable per bundle: at most \(BidAuction.monotoneGoodLimit) goods (found \(goodCount)); use the \"bids\" domain")
        }
        for (i, list) in bids.enumerated() {
            var seen = Set<GoodSet>()
            for (k, bid) in list.enumerated() {
                let at = "bidder \"\(bidders[i])\", bid \(k)"
                guard bid.goods.words.count == GoodSet(count: goodCount).words.count,
                      bid.goods.elements.allSatisfy({ $0 < goodCount }) else { throw fail(at, "the bundle names a good outside the auction's \(goodCount) goods") }
                guard !bid.goods.isEmpty else { throw fail(at, "empty bundle") }
                guard bid.value >= 0, bid.value <= upper else {
                    throw fail(at, "reported value \(bid.value) lies outside the domain [0, \(upper)]")
                }
                if domain == .bids, !seen.insert(bid.goods).inserted {
                    throw fail(at, "a second bid on the same bundle (the \"bids\" domain needs one value per bundle)")
                }
            }
        }
    }
}

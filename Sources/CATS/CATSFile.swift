/// One bid of a CATS file: a price for a bundle of goods.
///
/// `goods` is the bundle exactly as written in the file, so it may end with one *dummy good*
/// (an index `≥ goodCount`) that ties the bid to the other bids of the same bidder.
public struct CATSBid: Sendable, Equatable, Hashable {
    /// The bid's price (the bidder's value for the bundle), non-negative.
    public var price: Double
    /// The goods of the bid as written in the file: real goods `0..<goodCount`, possibly one
    /// dummy good `goodCount..<goodCount + dummyCount`.
    public var goods: [Int]

    /// Creates a bid.
    public init(price: Double, goods: [Int]) {
        self.price = price
        self.goods = goods
    }
}

/// A combinatorial auction in the format of the Combinatorial Auction Test Suite (CATS,
/// Leyton-Brown, Pearson & Shoham 2000; format of CATS 2.x output files).
///
/// A CATS file lists bids; bids that share a *dummy good* belong to one bidder, who wins at
/// most one of them (XOR bids). A bid with no dummy good is a bidder of its own.
///
/// ```swift
/// let file = try CATSFile.read(path: "auction.txt")
/// for (bidder, bidIndices) in file.bidders.enumerated() {
///     for k in bidIndices { print(bidder, file.realGoods(ofBid: k), file.bids[k].price) }
/// }
/// try file.write(to: "copy.txt")
/// ```
public struct CATSFile: Sendable, Equatable {
    /// The number of real goods `N` (header line `goods N`); goods are `0..<N`.
    public var goodCount: Int
    /// The number of dummy goods `D` (header line `dummy D`); dummy goods are `N..<N+D`.
    public var dummyCount: Int
    /// The bids in file order (bid `k` is written with index `k`).
    public var bids: [CATSBid]
    /// The comment lines, each without its leading `%`, in file order.
    public var comments: [String]

    /// Creates a file from its parts (not validated: `CATSFile.parse(text: file.text, file: name)`
    /// checks it).
    public init(goodCount: Int, dummyCount: Int, bids: [CATSBid], comments: [String] = []) {
        self.goodCount = goodCount
        self.dummyCount = dummyCount
        self.bids = bids
        self.comments = comments
    }

    /// The dummy good of bid `k`, if it has one.
    public func dummyGood(ofBid k: Int) -> Int? {
        bids[k].goods.first { $0 >= goodCount }
    }

    /// The real goods of bid `k` (its dummy good stripped).
    public func realGoods(ofBid k: Int) -> [Int] {
        bids[k].goods.filter { $0 < goodCount }
    }

    /// Each bid's real goods (dummy goods stripped), in file order. Computed on each access
    /// (linear in the file's size): keep it in a local when indexing it in a loop, or use
    /// ``realGoods(ofBid:)``.
    public var bidGoods: [[Int]] {
        bids.map { bid in bid.goods.filter { $0 < goodCount } }
    }

    /// The bidders, as lists of bid indices: all bids sharing a dummy good form one bidder
    /// (XOR semantics); a bid with no dummy good is a bidder of its own. Bidders are ordered
    /// by their first bid; each bidder's bids are in file order. Computed on each access.
    ///
    /// ```swift
    /// // bids 0 and 2 share dummy good 5, bid 1 has none:
    /// file.bidders  // [[0, 2], [1]]
    /// ```
    public var bidders: [[Int]] {
        var result: [[Int]] = []
        var bidderOfDummy: [Int: Int] = [:]
        for k in bids.indices {
            if let dummy = dummyGood(ofBid: k) {
                if let b = bidderOfDummy[dummy] {
                    result[b].append(k)
                } else {
                    bidderOfDummy[dummy] = result.count
                    result.append([k])
                }
            } else {
                result.append([k])
            }
        }
        return result
    }

    /// For each bid, the index of its bidder in ``bidders``.
    ///
    /// ```swift
    /// // bids 0 and 2 share a dummy good, bid 1 has none:
    /// file.bidderOfBid  // [0, 1, 0]
    /// ```
    public var bidderOfBid: [Int] {
        var owner = [Int](repeating: 0, count: bids.count)
        for (b, bidIndices) in bidders.enumerated() {
            for k in bidIndices { owner[k] = b }
        }
        return owner
    }
}

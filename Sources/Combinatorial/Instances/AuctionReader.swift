import CATS
import Foundation
import InstanceIO

/// Reads an instance of kind "combinatorial" (docs/formats.md), validating names, bundles and
/// values: every report must lie in the declared domain, and every value and bound in the
/// ``InstanceIO/NumericalPolicy`` range (docs/numerics.md).
public func readAuction(_ root: JSONValue) throws -> BidAuction {
    let name = try root.optional("name")?.string() ?? "auction"
    let goodsNode = try root["goods"]
    let goods = try goodsNode.strings()
    let goodIndex = try uniqueNames(goods, at: goodsNode, what: "good")

    var domain = BidAuction.Domain.monotone
    var upper = Double.infinity
    if let domainNode = try root.optional("domain") {
        let typeNode = try domainNode["type"]
        guard let d = BidAuction.Domain(rawValue: try typeNode.string()) else {
            throw typeNode.error("unknown domain type \"\(try typeNode.string())\" (expected \"monotone\" or \"bids\")")
        }
        domain = d
        if let u = try domainNode.optional("upper") {
            upper = try u.amount()
            guard upper >= 0 else { throw u.error("empty domain: upper bound \(upper) is negative") }
        }
    }

    let biddersNode = try root["bidders"]
    let bidderNodes = try biddersNode.array()
    let names = try bidderNodes.map { try $0["name"].string() }
    _ = try uniqueNames(names, at: biddersNode, what: "bidder", nameKey: "name")
    var allBids: [[BidAuction.Bid]] = []
    for bidder in bidderNodes {
        var list: [BidAuction.Bid] = []
        for bidNode in try bidder["bids"].array() {
            let bundleNode = try bidNode["bundle"]
            var bundle = GoodSet(count: goods.count)
            for goodNode in try bundleNode.array() {
                let good = try goodNode.string()
                guard let g = goodIndex[good] else { throw goodNode.error("bid on unknown good \"\(good)\"") }
                guard !bundle.contains(g) else { throw goodNode.error("good \"\(good)\" appears twice in the bundle") }
                bundle.insert(g)
            }
            guard !bundle.isEmpty else { throw bundleNode.error("empty bundle") }
            let valueNode = try bidNode["value"]
            let value = try valueNode.amount()
            guard value >= 0, value <= upper else { throw valueNode.error("reported value \(value) lies outside the domain [0, \(upper)]") }
            if domain == .bids, list.contains(where: { $0.goods == bundle }) {
                throw bundleNode.error("a second bid on the same bundle (the \"bids\" domain needs one value per bundle)")
            }
            list.append(.init(goods: bundle, value: value))
        }
        allBids.append(list)
    }
    if domain == .monotone, goods.count > BidAuction.monotoneGoodLimit {
        let place = try root.optional("domain") ?? root["goods"]
        let which = try root.optional("domain") == nil ? "the default \"monotone\" domain (no \"domain\" given)" : "the \"monotone\" domain"
        throw place.error("\(which) has one variable per bundle: at most \(BidAuction.monotoneGoodLimit) goods (found \(goods.count)); "
            + "declare \"domain\": {\"type\": \"bids\"}")
    }
    return BidAuction(name: name, goods: goods, bidders: names, bids: allBids, domain: domain, upper: upper)
}

public extension BidAuction {
    /// Reads a CATS file as an auction (see ``init(cats:name:domain:upper:)``; the name is the
    /// file's name without its extension), checking that every price lies in the domain
    /// `[0, upper]` and that the "monotone" domain has at most ``monotoneGoodLimit`` goods.
    static func read(catsPath path: String, domain: Domain, upper: Double) throws -> BidAuction {
        let file = try CATSFile.read(path: path)
        if domain == .monotone, file.goodCount > monotoneGoodLimit {
            throw InstanceError(file: path, location: "goods", message: "the \"monotone\" domain has one variable per bundle: at most \(monotoneGoodLimit) goods (found \(file.goodCount)); use the \"bids\" domain")
        }
        guard upper >= 0 else { throw InstanceError(file: path, location: "domain", message: "empty domain: upper bound \(upper) is negative") }
        if upper.isFinite, let problem = NumericalPolicy.problem(with: upper) {
            throw InstanceError(file: path, location: "domain", message: "upper bound: \(problem)")
        }
        for (k, bid) in file.bids.enumerated() where bid.price > upper || bid.price < 0 {
            throw InstanceError(file: path, location: "bid \(k)", message: "price \(bid.price) lies outside the domain [0, \(upper)] (raise the domain's upper bound)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return BidAuction(cats: file, name: name, domain: domain, upper: upper)
    }
}

import Combinatorial
import Foundation
import InstanceIO
import Testing

/// A 13-good auction without a "domain" gets the default monotone domain, whose size limit is
/// the real problem: the message says so instead of "missing key domain".
struct MonotoneLimitTests {
    func read(_ object: [String: Any]) throws -> StaticInstance {
        try StaticInstance.read(json: JSONValue(raw: object, file: "g13.json"))
    }

    let goods = (0..<13).map { "g\($0)" }

    @Test func defaultDomainNamesItsLimit() {
        do {
            _ = try read(["kind": "combinatorial", "name": "g13", "goods": goods,
                          "bidders": [["name": "1", "bids": [["bundle": ["g0", "g1"], "value": 5]]]]])
            Issue.record("a 13-good monotone auction was accepted")
        } catch let error as InstanceError {
            #expect(error.location == "$.goods")
            #expect(error.message.contains("default \"monotone\" domain") && error.message.contains("at most 12 goods"))
            #expect(!error.message.contains("missing key"))
        } catch { Issue.record("\(error)") }
    }

    @Test func bidsDomainHasNoSuchLimit() throws {
        let instance = try read(["kind": "combinatorial", "name": "g13", "goods": goods,
                                 "bidders": [["name": "1", "bids": [["bundle": ["g0", "g1"], "value": 5]]]],
                                 "domain": ["type": "bids"]])
        guard case .auction(let auction) = instance else { Issue.record("not an auction"); return }
        #expect(auction.goods.count == 13)
    }
}

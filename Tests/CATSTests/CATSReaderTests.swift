import CATS
import Foundation
import InstanceIO
import Testing

/// A small valid file: bidder {bid 0, bid 1} share dummy good 4; bid 2 is a bidder alone.
let validText = """
    % a hand-written auction
    goods 4
    bids 3
    dummy 1

    0\t12.5\t0\t1\t4\t#
    1\t7\t2\t4\t#
    2\t3.25\t3\t#

    """

/// Parses `text` expecting one error at `line`, whose message contains `fragment`.
func expectError(_ text: String, line: Int, _ fragment: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let file = try CATSFile.parse(text: text, file: "t.txt")
        Issue.record("expected an error, parsed \(file.bids.count) bids", sourceLocation: sourceLocation)
    } catch {
        #expect(error.file == "t.txt", sourceLocation: sourceLocation)
        #expect(error.location == "line \(line)", "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
}

/// `validText` with line `k` (1-based) replaced by `replacement` (nil removes it).
func edited(_ k: Int, _ replacement: String?) -> String {
    var lines = validText.components(separatedBy: "\n")
    if let replacement { lines[k - 1] = replacement } else { lines.remove(at: k - 1) }
    return lines.joined(separator: "\n")
}

@Suite struct CATSReaderTests {
    @Test func parsesAValidFile() throws {
        let file = try CATSFile.parse(text: validText, file: "t.txt")
        #expect(file.goodCount == 4)
        #expect(file.dummyCount == 1)
        #expect(file.comments == [" a hand-written auction"])
        #expect(file.bids.map(\.price) == [12.5, 7, 3.25])
        #expect(file.bids.map(\.goods) == [[0, 1, 4], [2, 4], [3]])
        #expect(file.bidGoods == [[0, 1], [2], [3]])
        #expect(file.bidders == [[0, 1], [2]])
        #expect(file.dummyGood(ofBid: 1) == 4)
        #expect(file.dummyGood(ofBid: 2) == nil)
    }

    @Test func acceptsSpacesCRLFHeaderOrderAndLateComments() throws {
        let text = "dummy 2\r\n% c1\r\nbids 3\r\ngoods 3\r\n0 1 0 3 #\r\n% c2\r\n1 2 1 4 #\r\n2 0.5 2 3 #\r\n"
        let file = try CATSFile.parse(text: text, file: "t.txt")
        #expect(file.goodCount == 3 && file.dummyCount == 2)
        #expect(file.bidders == [[0, 2], [1]])
        #expect(file.bidGoods == [[0], [1], [2]])
        #expect(file.comments == [" c1", " c2"])
    }

    @Test func interleavedDummyGoodsGroupByDummyNotByPosition() throws {
        let text = "goods 2\nbids 4\ndummy 2\n0 1 0 3 #\n1 1 1 2 #\n2 1 1 3 #\n3 1 0 #\n"
        let file = try CATSFile.parse(text: text, file: "t.txt")
        #expect(file.bidders == [[0, 2], [1], [3]])
        #expect(file.bidderOfBid == [0, 1, 0, 2])
    }

    @Test func missingHeaderBeforeFirstBid() {
        expectError(edited(4, nil), line: 5, "missing header line \"dummy\"")
        expectError(edited(2, "% no goods"), line: 6, "missing header line \"goods\"")
    }

    @Test func missingHeaderAtEndOfFile() {
        expectError("goods 4\nbids 0\n", line: 2, "end of file: missing header line \"dummy\"")
        expectError("", line: 1, "missing header line \"goods\", \"bids\", \"dummy\"")
    }

    @Test func wrongBidCounts() {
        expectError(edited(3, "bids 4"), line: 8, "\"bids 4\" declared but 3 bid lines found")
        expectError(edited(3, "bids 2"), line: 8, "more bid lines than the 2 declared")
    }

    @Test func headerProblems() {
        expectError(edited(2, "goods 0"), line: 2, "\"goods\" needs a positive whole number")
        expectError(edited(4, "dummy -1"), line: 4, "\"dummy\" needs a non-negative whole number")
        expectError(edited(3, "bids"), line: 3, "\"bids\" needs a count")
        expectError(edited(3, "bids 3 x"), line: 3, "trailing garbage \"x\"")
        expectError(edited(5, "goods 4"), line: 5, "duplicate header line \"goods\"")
        expectError(edited(7, "dummy 1"), line: 7, "header line \"dummy\" after the first bid")
        expectError(edited(5, "hello"), line: 5, "unexpected \"hello\"")
    }

    @Test func bidIndexOutOfOrder() {
        expectError(edited(7, "5\t7\t2\t4\t#"), line: 7, "bid index out of order: expected 1, found 5")
        expectError(edited(6, "1\t7\t2\t4\t#"), line: 6, "expected 0, found 1")
    }

    @Test func badPrices() {
        expectError(edited(7, "1\t-1\t2\t4\t#"), line: 7, "price must be a finite non-negative number, found \"-1\"")
        expectError(edited(7, "1\tabc\t2\t4\t#"), line: 7, "found \"abc\"")
        expectError(edited(7, "1\tnan\t2\t4\t#"), line: 7, "found \"nan\"")
        expectError(edited(7, "1\tinf\t2\t4\t#"), line: 7, "found \"inf\"")
        expectError(edited(7, "1"), line: 7, "bid 1 has no price")
    }

    @Test func badGoods() {
        expectError(edited(6, "0\t12.5\t0\t9\t4\t#"), line: 6,
                    "good 9 out of range 0..<5 (4 goods and 1 dummy goods)")
        expectError(edited(6, "0\t12.5\t0\t-1\t#"), line: 6, "good -1 out of range")
        expectError(edited(6, "0\t12.5\t0\t0\t4\t#"), line: 6, "duplicate good 0")
        expectError(edited(6, "0\t12.5\t0\t1.5\t#"), line: 6, "expected a good index or \"#\", found \"1.5\"")
    }

    @Test func missingHashAndTrailingGarbage() {
        expectError(edited(8, "2\t3.25\t3"), line: 8, "the line must end with \"#\"")
        expectError(edited(8, "2\t3.25\t3\t#\tx"), line: 8, "trailing garbage \"x\" after \"#\"")
        expectError(edited(8, "2\t3.25\t3\t#\t#"), line: 8, "trailing garbage \"#\"")
    }

    @Test func emptyBundles() {
        expectError(edited(8, "2\t3.25\t#"), line: 8, "empty bundle")
        expectError(edited(8, "2\t3.25\t4\t#"), line: 8, "empty bundle")
    }

    @Test func moreThanOneDummyGood() {
        let text = edited(4, "dummy 2").replacingOccurrences(of: "0\t12.5\t0\t1\t4\t#", with: "0\t12.5\t0\t4\t5\t#")
        expectError(text, line: 6, "more than one dummy good (4 and 5)")
    }

    @Test func readsFromDiskAndReportsUnreadableFiles() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cats-reader-\(UInt64.random(in: 0...UInt64.max)).txt").path
        try validText.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CATSFile.read(path: path) == CATSFile.parse(text: validText, file: "x"))
        #expect(throws: InstanceError(file: path + ".missing", location: "file", message: "cannot read the file")) {
            try CATSFile.read(path: path + ".missing")
        }
        let bad = path + ".bad"
        try "goods 1\nbids 1\ndummy 0\n0 1 1 #\n".write(toFile: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        do {
            _ = try CATSFile.read(path: bad)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(bad): line 4: bid 0: good 1 out of range 0..<1 (1 goods and 0 dummy goods)")
        }
    }
}

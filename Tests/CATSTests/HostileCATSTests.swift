import CATS
import Testing

/// Inputs that once trapped, allocated without bound or were misread: each is now one clear
/// error naming its line.
@Suite struct HostileCATSTests {
    @Test func hugeCountsAreRefusedBeforeAnyAllocation() {
        expectError(edited(4, "dummy 9223372036854775807"), line: 4, "exceeds the largest supported count")
        expectError(edited(2, "goods 999999999999"), line: 2, "exceeds the largest supported count")
        expectError(edited(3, "bids 99999999999999999999999"), line: 3, "needs a non-negative whole number")
        expectError(edited(2, "goods +4"), line: 2, "needs a positive whole number")
    }

    @Test func pricesArePlainDecimalWithinThePolicy() {
        expectError(edited(6, "0\t0x1p3\t0\t1\t4\t#"), line: 6, "plain decimal")
        expectError(edited(6, "0\tinf\t0\t1\t4\t#"), line: 6, "plain decimal")
        expectError(edited(6, "0\tnan\t0\t1\t4\t#"), line: 6, "plain decimal")
        expectError(edited(6, "0\t12\u{0}5\t0\t1\t4\t#"), line: 6, "\"12\\u{0}5\"")
        expectError(edited(6, "0\t1e308\t0\t1\t4\t#"), line: 6, "exceeds 1e12")
        expectError(edited(6, "0\t1e-12\t0\t1\t4\t#"), line: 6, "below 1e-9")
        expectError(edited(6, "0\t12.\t0\t1\t4\t#"), line: 6, "plain decimal")
    }

    @Test func plainDecimalsInRangeAreRead() throws {
        let file = try CATSFile.parse(text: edited(6, "0\t1.25e3\t0\t1\t4\t#"), file: "t.txt")
        #expect(file.bids[0].price == 1250)
        let big = try CATSFile.parse(text: edited(6, "0\t999999999999.99\t0\t1\t4\t#"), file: "t.txt")
        #expect(big.bids[0].price == 999_999_999_999.99)
    }

    @Test func goodIndicesAreDigitsOnly() {
        expectError(edited(6, "0\t12.5\t0\t+1\t4\t#"), line: 6, "expected a good index")
        expectError(edited(6, "0\t12.5\t0\t99999999999999999999999\t4\t#"), line: 6, "expected a good index")
    }
}

import CATS
import Foundation
import Testing

@Suite struct CATSRoundTripTests {
    @Test func writerLayoutIsTheCATSLayout() {
        let file = CATSFile(goodCount: 2, dummyCount: 1,
                            bids: [CATSBid(price: 3, goods: [0, 1]), CATSBid(price: 0.25, goods: [1, 2])],
                            comments: [" hi"])
        #expect(file.text == "% hi\ngoods 2\nbids 2\ndummy 1\n\n0\t3\t0\t1\t#\n1\t0.25\t1\t2\t#\n")
    }

    @Test func readWriteReadIsIdentical() throws {
        let first = try CATSFile.parse(text: validText, file: "a.txt")
        let second = try CATSFile.parse(text: first.text, file: "b.txt")
        #expect(second == first)
        #expect(second.text == first.text)
    }

    @Test func awkwardPricesSurviveTheRoundTrip() throws {
        let prices = [0.1 + 0.2, 1e-7, 123456789.123, 1.0 / 3.0, 0, 5e11, 999_999_999_999.99, 1e-9]
        let file = CATSFile(goodCount: 1, dummyCount: 0,
                            bids: prices.map { CATSBid(price: $0, goods: [0]) })
        #expect(try CATSFile.parse(text: file.text, file: "p.txt").bids.map(\.price) == prices)
    }

    @Test func writeToIsAtomicAndReadable() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cats-write-\(UInt64.random(in: 0...UInt64.max)).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try CATSFile.parse(text: validText, file: "a.txt")
        try file.write(to: path)
        #expect(try CATSFile.read(path: path) == file)
    }
}

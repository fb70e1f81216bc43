import Foundation
import InstanceIO
import Testing

/// The reader's number conversion against Swift's own correctly rounded `Double(String)`, on
/// many random and hard decimal texts, and the errors of arrays of numbers.
struct NumberParsingTests {
    func read(_ texts: [String]) throws -> [Double] {
        try JSONValue.parse(data: Data(("[" + texts.joined(separator: ", ") + "]").utf8), file: "n.json").numbers()
    }

    func expectSameAsSwift(_ texts: [String]) throws {
        let values = try read(texts)
        for (text, value) in zip(texts, values) {
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test func shortestAndSeventeenDigitTextsOfRandomDoubles() throws {
        var rng = SeededGenerator(seed: 17)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)   // finite, positive
            texts.append("\(d)")                           // shortest round trip
            texts.append(String(format: "%.17g", d))       // 17 significant digits
            texts.append(String(format: "%.16e", -d))
            let u = Double.random(in: 0..<1, using: &rng)
            texts.append(String(format: "%.17g", u))       // probabilities as generators print them
            texts.append(String(format: "%.19g", u))
        }
        try expectSameAsSwift(texts)
    }

    @Test func randomNineteenDigitSignificandsAndExponents() throws {
        var rng = SeededGenerator(seed: 99)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let significand = UInt64.random(in: 1...9_999_999_999_999_999_999, using: &rng)
            let exponent = Int.random(in: -340...288, using: &rng)
            texts.append("\(significand)e\(exponent)")
            let digits = Int.random(in: 1...19, using: &rng)
            let short = significand % UInt64(pow(10.0, Double(digits)) - 1) + 1
            texts.append("0.\(short)e\(Int.random(in: -30...30, using: &rng))")
        }
        try expectSameAsSwift(texts)
    }

    /// Decimals exactly halfway between two doubles, and one unit in the last of 19 digits to
    /// either side: where a fast path that is not correctly rounded goes wrong.
    @Test func halfwayCasesAndTheirNeighbours() throws {
        var texts: [String] = []
        for e in [1, 2, 3, 10, 30, 52, 53, 54, 60, 63, -1, -20, -100, 100, 500, -1000] {
            // 2^e·(1 + 2^-53): exactly halfway between 2^e and the next double, in full decimal.
            let base = pow(2.0, Double(e))
            let halfway = String(format: "%.60g", base) // not the halfway point itself: nearby decimals
            texts.append(halfway)
            texts.append(String(format: "%.19e", base.nextUp))
            texts.append(String(format: "%.18e", base.nextDown))
        }
        texts += ["9007199254740993", "9007199254740995", "9007199254740992.5", "18014398509481985",
                  "18014398509481987", "36028797018963971", "1.00000000000000011102230246251565404236316680908203125",
                  "1.00000000000000011102230246251565404236316680908203124",
                  "1.00000000000000011102230246251565404236316680908203126",
                  "0.1000000000000000055511151231257827021181583404541015625",
                  "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
                  "2.4703282292062328e-324", "2.4703282292062327e-324", "1.7976931348623158e308",
                  "1.7976931348623157e308", "8.98846567431158e307", "7.2057594037927933e16",
                  "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
                  "1e-342", "1e-343", "1e308", "1e22", "1e23", "9999999999999999999e-19", "0.9999999999999999999",
                  "3.0517578125e-05", "5e-1", "1.5e-1", "4503599627370496.5", "4503599627370497.5"]
        try expectSameAsSwift(texts)
    }

    @Test func arraysOfNumbersKeepErrorPlacesAndMixedArraysStillParse() throws {
        let doc = try JSONValue.parse(data: Data("{\"v\": [1,\n  2.5, 1e400],\n \"m\": [1, \"x\", 2]}".utf8), file: "n.json")
        do {
            _ = try doc["v"].numbers()
            Issue.record("1e400 accepted")
        } catch let e as InstanceError {
            #expect(e.location == "$.v[2]")
            #expect(e.line == 2 && e.column == 8, "\(e)")
        }
        let items = try doc["m"].array()
        #expect(items.count == 3)
        #expect(try items[1].string() == "x" && items[2].number() == 2)
        #expect(try doc["v"].count() == 3 && doc["v"].isArray)
        #expect(try doc["v"].array()[1].number() == 2.5)
        for (text, fragment) in [("[1, 2,]", "trailing comma"), ("[1 2]", "expected ',' or ']'"), ("[1, 2", "unterminated"),
                                 ("[1, -]", "expected a digit"), ("[1, 02]", "leading zeros"), ("[1, 2,", "end of the file")] {
            #expect(throws: InstanceError.self, "\(text)") { try JSONValue.parse(data: Data(text.utf8), file: "n.json") }
            do { _ = try JSONValue.parse(data: Data(text.utf8), file: "n.json") } catch let e as InstanceError {
                #expect(e.message.contains(fragment), "\(text): \(e.message)")
            }
        }
    }
}

/// Duplicate keys are found in objects of every size (a linear scan below 12 members, a hash
/// table above), also when one of the two is written with escapes.
struct DuplicateKeyTests {
    @Test(arguments: [2, 11, 12, 13, 50, 1000])
    func duplicatesAreRefusedAtTheSecondOccurrence(size: Int) throws {
        let members = (0..<size).map { "\"k\($0)\": \($0)" }
        let unique = "{" + members.joined(separator: ", ") + "}"
        let object = try JSONValue.parse(data: Data(unique.utf8), file: "d.json")
        #expect(try object.keys().count == size)
        #expect(try object["k\(size - 1)"].number() == Double(size - 1))
        for repeated in [0, size / 2, size - 1] {
            let plain = "{" + (members + ["\"k\(repeated)\": -1"]).joined(separator: ", ") + "}"
            do {
                _ = try JSONValue.parse(data: Data(plain.utf8), file: "d.json")
                Issue.record("duplicate k\(repeated) accepted in \(size) members")
            } catch let e as InstanceError {
                #expect(e.message.contains("duplicate key \"k\(repeated)\""))
                #expect(e.column == plain.utf8.count - "\"k\(repeated)\": -1}".utf8.count + 1)
            }
        }
        let escaped = "{" + (members + ["\"\\u006b0\": -1"]).joined(separator: ", ") + "}"   // \u006b is "k"
        #expect(throws: InstanceError.self) { try JSONValue.parse(data: Data(escaped.utf8), file: "d.json") }
    }
}

/// Arrays of rows of numbers (stored flat) behave like any array of arrays.
struct NumberRowsTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(data: Data(text.utf8), file: "r.json") }

    @Test func rowsReadAsFlatArraysAndAsNodes() throws {
        let doc = try parse("{\"m\": [[1, 2.5], [], [3e-1]], \"x\": [[1], [2, \"a\"]], \"y\": [[1], 2]}")
        let rows = try doc["m"].numberRows()
        #expect(rows.start == [0, 2, 2, 3] && rows.values == [1, 2.5, 0.3])
        #expect(try doc["m"].count() == 3 && doc["m"].array()[1].count() == 0)
        #expect(try doc["m"].array()[2].numbers() == [0.3])
        #expect(try doc["x"].array()[1].array()[1].string() == "a")   // mixed rows still parse
        #expect(try doc["y"].array()[1].number() == 2)
        #expect(throws: InstanceError.self) { try doc["x"].numberRows() }
        #expect(try doc["m"].raw as? [[Double]] == [[1, 2.5], [], [0.3]])
    }

    @Test func errorsInsideRowsNameTheElement() throws {
        let doc = try parse("{\"m\": [[1, 2],\n  [3, 1e400]]}")
        do {
            _ = try doc["m"].numberRows()
            Issue.record("1e400 accepted")
        } catch let e as InstanceError {
            #expect(e.location == "$.m[1][1]" && e.line == 2 && e.column == 7, "\(e)")
        }
        for (text, fragment) in [("[[1,], [2]]", "trailing comma"), ("[[1], [2],]", "trailing comma"), ("[[1], [2]", "unterminated"),
                                 ("[[1] [2]]", "expected ',' or ']'"), ("[[1 2]]", "expected ',' or ']'"), ("[[1], [2, 01]]", "leading zeros")] {
            do {
                _ = try parse(text)
                Issue.record("\(text) accepted")
            } catch let e as InstanceError {
                #expect(e.message.contains(fragment), "\(text): \(e.message)")
            }
        }
    }
}

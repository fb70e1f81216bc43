import Foundation
import InstanceIO

/// Reading CATS `.txt` files.
///
/// The format (CATS 2.x output, Leyton-Brown, Pearson & Shoham 2000):
/// ```text
/// % comment lines start with %
/// goods 4
/// bids 3
/// dummy 1
///
/// 0	12.5	0	1	4	#
/// 1	7	2	4	#
/// 2	3.25	3	#
/// ```
/// - `%` lines are comments and blank lines are ignored, anywhere in the file;
/// - the three header lines `goods N`, `bids B`, `dummy D` come in any order before the first
///   bid, each exactly once (`N ≥ 1`, `B ≥ 0`, `D ≥ 0`);
/// - then exactly `B` bid lines `k price good good ... #` (fields separated by tabs or
///   spaces), with `k` running `0, 1, ..., B-1`, a non-negative price written in plain decimal
///   (`12`, `12.5`, `1.25e3`; no hexadecimal, `inf` or `nan`) within the
///   ``InstanceIO/NumericalPolicy`` range, distinct goods in `0..<N+D`, at least one real good
///   (`< N`), at most one dummy good (`≥ N`) and nothing after the closing `#`;
/// - sizes are bounded so that a header cannot make rmsolve exhaust memory: at most
///   ``CATSFile/maximumGoods`` goods, ``CATSFile/maximumDummyGoods`` dummy goods and
///   ``CATSFile/maximumBids`` bids.
extension CATSFile {
    /// The most goods a CATS file may declare (a bundle is a bit set over the goods).
    public static let maximumGoods = 100_000
    /// The most dummy goods a CATS file may declare.
    public static let maximumDummyGoods = 10_000_000
    /// The most bids a CATS file may declare.
    public static let maximumBids = 10_000_000

    /// Reads and parses a CATS file.
    ///
    /// ```swift
    /// let file = try CATSFile.read(path: "instances/cats/regions-8.txt")
    /// ```
    public static func read(path: String) throws(InstanceError) -> CATSFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InstanceError(file: path, location: "file", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InstanceError(file: path, location: "file", message: "the file is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }

    /// Parses the text of a CATS file; `file` names it in error messages.
    ///
    /// Every malformation is one ``InstanceError`` whose location is `line K` (1-based).
    public static func parse(text: String, file: String) throws(InstanceError) -> CATSFile {
        var reader = CATSLineReader(file: file)
        // "\n", "\r\n" (one Character in Swift) and "\r" all end a line.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, line) in lines.enumerated() {
            try reader.consume(line: line, number: offset + 1)
        }
        // A text ending in a newline has an empty last piece: the end is on the line before.
        let lastLine = max(1, text.last?.isNewline == true ? lines.count - 1 : lines.count)
        return try reader.finish(lastLine: lastLine)
    }
}

/// The state of a CATS parse: the header seen so far, then the bids.
private struct CATSLineReader {
    let file: String
    var goods: Int?
    var bidCount: Int?
    var dummy: Int?
    var bids: [CATSBid] = []
    var comments: [String] = []

    init(file: String) { self.file = file }

    func error(_ line: Int, _ message: String) -> InstanceError {
        InstanceError(file: file, location: "line \(line)", message: message)
    }

    var headerComplete: Bool { goods != nil && bidCount != nil && dummy != nil }

    mutating func consume(line: Substring, number: Int) throws(InstanceError) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "%" {
            comments.append(String(trimmed.dropFirst()))
            return
        }
        let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if fields.isEmpty { return }
        if let keyword = ["goods", "bids", "dummy"].first(where: { $0 == fields[0] }) {
            try header(keyword, fields, number)
        } else if isDigits(fields[0]) {
            try bid(fields, number)
        } else {
            throw error(number, "unexpected \"\(fields[0])\": expected a header line (goods, "
                + "bids, dummy), a bid line or a % comment")
        }
    }

    mutating func header(_ keyword: String, _ fields: [Substring], _ number: Int) throws(InstanceError) {
        if !bids.isEmpty {
            throw error(number, "header line \"\(keyword)\" after the first bid")
        }
        let already: Int? = keyword == "goods" ? goods : keyword == "bids" ? bidCount : dummy
        if already != nil { throw error(number, "duplicate header line \"\(keyword)\"") }
        guard fields.count >= 2 else { throw error(number, "\"\(keyword)\" needs a count") }
        guard isDigits(fields[1]), let value = Int(fields[1]), value >= (keyword == "goods" ? 1 : 0) else {
            let least = keyword == "goods" ? "a positive" : "a non-negative"
            throw error(number, "\"\(keyword)\" needs \(least) whole number, found \"\(printable(fields[1]))\"")
        }
        let limit = keyword == "goods" ? CATSFile.maximumGoods : keyword == "bids" ? CATSFile.maximumBids : CATSFile.maximumDummyGoods
        if value > limit {
            throw error(number, "\"\(keyword) \(value)\" exceeds the largest supported count \(limit)")
        }
        if fields.count > 2 {
            throw error(number, "trailing garbage \"\(fields[2])\" after \"\(keyword) \(value)\"")
        }
        switch keyword {
        case "goods": goods = value
        case "bids": bidCount = value
        default: dummy = value
        }
    }

    mutating func bid(_ fields: [Substring], _ number: Int) throws(InstanceError) {
        guard let goods, let bidCount, let dummy else {
            let missing = [("goods", goods), ("bids", bidCount), ("dummy", dummy)]
                .filter { $0.1 == nil }.map { "\"\($0.0)\"" }.joined(separator: ", ")
            throw error(number, "missing header line \(missing) before the first bid")
        }
        let k = bids.count
        if k >= bidCount {
            throw error(number, "more bid lines than the \(bidCount) declared by \"bids\"")
        }
        guard let index = Int(fields[0]), index == k else {
            throw error(number, "bid index out of order: expected \(k), found \(fields[0])")
        }
        guard fields.count >= 2 else { throw error(number, "bid \(k) has no price") }
        guard isPlainDecimal(fields[1]), let price = Double(fields[1]), price.isFinite, price >= 0 else {
            throw error(number, "bid \(k): the price must be a finite non-negative number, "
                + "found \"\(printable(fields[1]))\" (plain decimal only: digits, an optional fraction and exponent)")
        }
        if let problem = NumericalPolicy.problem(with: price) {
            throw error(number, "bid \(k): price \(problem)")
        }
        let total = goods + dummy
        var bundle: [Int] = []
        var seen = Set<Int>()
        var dummyGood: Int?
        var closed = false
        for field in fields.dropFirst(2) {
            if closed {
                throw error(number, "bid \(k): trailing garbage \"\(field)\" after \"#\"")
            }
            if field == "#" { closed = true; continue }
            guard isDigits(field.first == "-" ? field.dropFirst() : field), let good = Int(field) else {
                throw error(number, "bid \(k): expected a good index or \"#\", found \"\(printable(field))\"")
            }
            guard (0..<total).contains(good) else {
                throw error(number, "bid \(k): good \(good) out of range 0..<\(total) "
                    + "(\(goods) goods and \(dummy) dummy goods)")
            }
            if !seen.insert(good).inserted {
                throw error(number, "bid \(k): duplicate good \(good)")
            }
            if good >= goods {
                if let first = dummyGood {
                    throw error(number, "bid \(k): more than one dummy good (\(first) and \(good))")
                }
                dummyGood = good
            }
            bundle.append(good)
        }
        if !closed { throw error(number, "bid \(k): the line must end with \"#\"") }
        if bundle.allSatisfy({ $0 >= goods }) {
            throw error(number, "bid \(k): empty bundle (no real good)")
        }
        bids.append(CATSBid(price: price, goods: bundle))
    }

    func finish(lastLine: Int) throws(InstanceError) -> CATSFile {
        guard let goods, let bidCount, let dummy else {
            let missing = [("goods", goods), ("bids", bidCount), ("dummy", dummy)]
                .filter { $0.1 == nil }.map { "\"\($0.0)\"" }.joined(separator: ", ")
            throw error(lastLine, "end of file: missing header line \(missing)")
        }
        if bids.count != bidCount {
            throw error(lastLine, "end of file: \"bids \(bidCount)\" declared but \(bids.count) "
                + "bid lines found")
        }
        return CATSFile(goodCount: goods, dummyCount: dummy, bids: bids, comments: comments)
    }
}

/// Whether `field` is one or more ASCII digits.
private func isDigits(_ field: Substring) -> Bool {
    !field.isEmpty && field.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}

/// Whether `field` is a plain decimal number: digits, an optional fraction and an optional
/// exponent (`12`, `0.5`, `1.25e3`, `7E-2`), with an optional leading minus sign.
private func isPlainDecimal(_ field: Substring) -> Bool {
    var bytes = field.utf8[...]
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    func digits(_ b: inout Substring.UTF8View.SubSequence) -> Int {
        let n = b.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        b = b.dropFirst(n)
        return n
    }
    guard digits(&bytes) > 0 else { return false }
    if bytes.first == UInt8(ascii: ".") {
        bytes = bytes.dropFirst()
        guard digits(&bytes) > 0 else { return false }
    }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
        bytes = bytes.dropFirst()
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard digits(&bytes) > 0 else { return false }
    }
    return bytes.isEmpty
}

/// A field as it can be shown in a message: control characters (a NUL byte, say) escaped.
private func printable(_ field: Substring) -> String {
    field.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
}

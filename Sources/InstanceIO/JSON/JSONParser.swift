import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed JSON value. Containers are shared references, so copying a node is cheap.
enum JSONNode: Sendable {
    case null(offset: Int)
    case bool(Bool, offset: Int)
    case number(Double, offset: Int)
    case string(String, offset: Int)
    case array(JSONArrayNode)
    /// A non-empty array whose elements are all numbers, stored unboxed (8 bytes an element;
    /// element offsets are recovered from the text only when an error needs them).
    case numbers(JSONNumberArrayNode)
    /// A non-empty array whose elements are all arrays of numbers (rows, possibly empty),
    /// stored as one flat array of numbers and row starts: no node or allocation per row.
    case numberRows(JSONNumberRowsNode)
    case object(JSONObjectNode)

    /// The byte offset of the value's first character in the document.
    var offset: Int {
        switch self {
        case .null(let o), .bool(_, let o), .number(_, let o), .string(_, let o): return o
        case .array(let a): return a.offset
        case .numbers(let a): return a.offset
        case .numberRows(let a): return a.offset
        case .object(let o): return o.offset
        }
    }
}

/// An array of rows of numbers: row k is `values[rowStart[k]..<rowStart[k + 1]]`, and opens
/// at byte `rowOffsets[k]`.
final class JSONNumberRowsNode: Sendable {
    let values: [Double]
    let rowStart: [Int]
    let rowOffsets: [Int]
    let offset: Int
    init(values: [Double], rowStart: [Int], rowOffsets: [Int], offset: Int) {
        self.values = values
        self.rowStart = rowStart
        self.rowOffsets = rowOffsets
        self.offset = offset
    }
    var rowCount: Int { rowOffsets.count }
    /// Row `k` as an array-of-numbers node.
    func row(_ k: Int) -> JSONNode {
        .numbers(JSONNumberArrayNode(Array(values[rowStart[k]..<rowStart[k + 1]]), offset: rowOffsets[k]))
    }
}

/// An array of numbers, parsed without a node per element.
final class JSONNumberArrayNode: Sendable {
    let values: [Double]
    let offset: Int
    init(_ values: [Double], offset: Int) { self.values = values; self.offset = offset }
}

/// A JSON array.
final class JSONArrayNode: Sendable {
    let elements: [JSONNode]
    let offset: Int
    init(_ elements: [JSONNode], offset: Int) { self.elements = elements; self.offset = offset }
}

/// A JSON object, its members in document order.
final class JSONObjectNode: Sendable {
    let keys: [String]
    let values: [JSONNode]
    /// Byte offsets of the keys (for error messages about a key itself).
    let keyOffsets: [Int]
    let offset: Int
    /// Key → member index for objects with many members, built on the first lookup (readers
    /// that list the members never need it).
    private let index: Mutex<[String: Int]?>

    init(keys: [String], values: [JSONNode], keyOffsets: [Int], offset: Int, index: [String: Int]?) {
        self.keys = keys
        self.values = values
        self.keyOffsets = keyOffsets
        self.offset = offset
        self.index = Mutex(index)
    }

    /// The position of `key`, or `nil`.
    func position(of key: String) -> Int? {
        if keys.count <= 12 { return keys.firstIndex(of: key) }
        return index.withLock { index in
            if index == nil { index = Dictionary(keys.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a }) }
            return index![key]
        }
    }
}

/// Where a JSON syntax error is.
struct JSONSyntaxError: Error {
    let offset: Int
    let message: String
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict means: no trailing commas, no comments, no duplicate keys in an object, no
/// leading zeros, `NaN` or hexadecimal numbers, no unescaped control characters in strings,
/// valid UTF-8 only, and nothing but whitespace after the value. Numbers are converted
/// correctly rounded (Clinger's exact fast path for short decimals, the C library's
/// correctly rounded `strtod` otherwise), so a 17-digit decimal reads back to the double it
/// was printed from.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Nesting depth, bounded so that a hostile document cannot exhaust the stack.
    private var depth = 0
    static let maximumDepth = 512
    /// Reused buffer for arrays of numbers (copied out at their exact size).
    private var scratch: [Double] = []
    /// FNV-1a hash of the UTF-8 bytes of the last string parsed (for duplicate keys).
    private var lastStringHash: UInt64 = 0
    private static let fnvBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01B3

    /// Parses a whole document.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        var offset = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }   // UTF-8 BOM
        parser.position = offset
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw JSONSyntaxError(offset: parser.position, message: "unexpected text after the JSON value")
        }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "the end of the file" }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b == 0 { return "a NUL byte" }
        return "byte 0x" + String(b, radix: 16)
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard position < bytes.count else { throw fail("expected a value, found the end of the file") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let start = position
            return .string(try parseString(), offset: start)
        case UInt8(ascii: "t"): let o = position; try expectLiteral("true"); return .bool(true, offset: o)
        case UInt8(ascii: "f"): let o = position; try expectLiteral("false"); return .bool(false, offset: o)
        case UInt8(ascii: "n"): let o = position; try expectLiteral("null"); return .null(offset: o)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let start = position
        guard position + count <= bytes.count else { throw fail("expected a value, found \(describeCurrent())") }
        let expected = word.utf8Start
        for k in 0..<count where bytes[position + k] != expected[k] {
            throw fail("expected a value, found \(describeCurrent())", at: start)
        }
        position += count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw fail("nested more than \(JSONParser.maximumDepth) levels deep") }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(JSONArrayNode(elements, offset: start))
        }
        if let numbers = try parseNumberArray(start: start) {
            depth -= 1
            return numbers
        }
        if let rows = try parseNumberRows(start: start) {
            depth -= 1
            return rows
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated array (opened at byte \(start))") }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") {
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    throw fail("trailing comma before ']'", at: position - 1)
                }
                continue
            }
            if b == UInt8(ascii: "]") { break }
            position -= 1
            throw fail("expected ',' or ']' in an array, found \(describeCurrent())")
        }
        depth -= 1
        return .array(JSONArrayNode(elements, offset: start))
    }

    /// An array whose elements are all numbers, positioned at its first element; `nil` (and
    /// the position restored) as soon as an element is not a number, so that the general
    /// path parses it (and reports any error exactly as it would have).
    private mutating func parseNumberArray(start: Int) throws(JSONSyntaxError) -> JSONNode? {
        let first = position
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard position < bytes.count, case let b = bytes[position],
                  b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else {
                position = first
                return nil
            }
            scratch.append(try scanNumber())
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated array (opened at byte \(start))") }
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: ",") {
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    throw fail("trailing comma before ']'", at: position - 1)
                }
                continue
            }
            if c == UInt8(ascii: "]") { break }
            position -= 1
            throw fail("expected ',' or ']' in an array, found \(describeCurrent())")
        }
        return .numbers(JSONNumberArrayNode(Array(scratch), offset: start))
    }

    /// An array whose elements are all arrays of numbers, positioned at its first element;
    /// `nil` (and the position restored) as soon as something else appears, so that the
    /// general path parses it. Syntax errors are the general path's, at the same place.
    private mutating func parseNumberRows(start: Int) throws(JSONSyntaxError) -> JSONNode? {
        let first = position
        guard position < bytes.count, bytes[position] == UInt8(ascii: "["), depth < JSONParser.maximumDepth else { return nil }
        var values: [Double] = [], rowStart: [Int] = [0], rowOffsets: [Int] = []
        // Size the flat array from the first row, guessing the rows are alike.
        var reserved = false
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else {
                position = first
                return nil
            }
            let rowOffset = position
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
            } else {
                while true {
                    guard position < bytes.count, case let b = bytes[position],
                          b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else {
                        position = first
                        return nil
                    }
                    values.append(try scanNumber())
                    skipWhitespace()
                    guard position < bytes.count else { throw fail("unterminated array (opened at byte \(rowOffset))") }
                    let c = bytes[position]
                    position += 1
                    if c == UInt8(ascii: ",") {
                        skipWhitespace()
                        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                            throw fail("trailing comma before ']'", at: position - 1)
                        }
                        continue
                    }
                    if c == UInt8(ascii: "]") { break }
                    position -= 1
                    throw fail("expected ',' or ']' in an array, found \(describeCurrent())")
                }
            }
            rowOffsets.append(rowOffset)
            rowStart.append(values.count)
            if !reserved, values.count > 0 {
                reserved = true
                // Estimate the rows from the bytes the first row took.
                let rowBytes = max(1, position - rowOffset)
                let estimate = (bytes.count - rowOffset) / rowBytes + 1
                values.reserveCapacity(min(estimate, 1 << 26) * values.count)
                rowStart.reserveCapacity(min(estimate, 1 << 26) + 1)
                rowOffsets.reserveCapacity(min(estimate, 1 << 26))
            }
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated array (opened at byte \(start))") }
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: ",") {
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    throw fail("trailing comma before ']'", at: position - 1)
                }
                continue
            }
            if c == UInt8(ascii: "]") { break }
            position -= 1
            throw fail("expected ',' or ']' in an array, found \(describeCurrent())")
        }
        // Give back the capacity the estimate reserved beyond what was used.
        if values.capacity > values.count + values.count / 8 { values = Array(values) }
        return .numberRows(JSONNumberRowsNode(values: values, rowStart: rowStart, rowOffsets: rowOffsets, offset: start))
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var keys: [String] = [], values: [JSONNode] = [], keyOffsets: [Int] = []
        // Duplicate keys: a linear scan for small objects, else an open-addressing table of
        // member positions by a hash of the key's bytes.
        var table: [Int32] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObjectNode(keys: [], values: [], keyOffsets: [], offset: start, index: nil))
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyOffset = position
            let key = try parseString()
            let keyHash = lastStringHash
            // Duplicate keys are an error: which one a reader would see is otherwise arbitrary.
            if keys.count < 12 {
                if keys.contains(key) { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            } else {
                if table.count < 4 * (keys.count + 1) {
                    table = [Int32](repeating: -1, count: 1 << (Int.bitWidth - (8 * (keys.count + 1)).leadingZeroBitCount))
                    for (k, existing) in keys.enumerated() {
                        var h = JSONParser.fnvBasis
                        for b in existing.utf8 { h = (h ^ UInt64(b)) &* JSONParser.fnvPrime }
                        _ = JSONParser.insert(existing, hash: h, k, into: &table, keys: keys)
                    }
                }
                if !JSONParser.insert(key, hash: keyHash, keys.count, into: &table, keys: keys) {
                    throw fail("duplicate key \"\(key)\"", at: keyOffset)
                }
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("expected ':' after the key \"\(key)\", found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            keys.append(key)
            values.append(value)
            keyOffsets.append(keyOffset)
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated object (opened at byte \(start))") }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") {
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    throw fail("trailing comma before '}'", at: position - 1)
                }
                continue
            }
            if b == UInt8(ascii: "}") { break }
            position -= 1
            throw fail("expected ',' or '}' in an object, found \(describeCurrent())")
        }
        depth -= 1
        return .object(JSONObjectNode(keys: keys, values: values, keyOffsets: keyOffsets, offset: start, index: nil))
    }

    /// Records member `position` under `key` in an open-addressing table (its size a power of
    /// two, at most a quarter full); `false` if an equal key is already there.
    /// `hash` is the FNV-1a hash of the key's UTF-8 bytes.
    @inline(__always)
    private static func insert(_ key: String, hash: UInt64, _ position: Int, into table: inout [Int32], keys: [String]) -> Bool {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let existing = table[slot]
            if existing < 0 {
                table[slot] = Int32(position)
                return true
            }
            if keys[Int(existing)] == key { return false }
            slot = (slot + 1) & mask
        }
    }

    /// A string starting at the opening quote; validates UTF-8 and escapes.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1
        let contentStart = position
        var plain = true
        var hash = JSONParser.fnvBasis
        // Fast scan: ASCII without escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b >= 0x80 { plain = false; break }
            if b < 0x20 { throw fail(b == 0 ? "a NUL byte inside a string" : "an unescaped control character inside a string") }
            hash = (hash ^ UInt64(b)) &* JSONParser.fnvPrime
            position += 1
        }
        if plain {
            lastStringHash = hash
            guard position < bytes.count else { throw fail("unterminated string (opened at byte \(start))", at: start) }
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]), as: UTF8.self)
            position += 1
            return s
        }
        var out: [UInt8] = Array(bytes[contentStart..<position])
        while true {
            guard position < bytes.count else { throw fail("unterminated string (opened at byte \(start))", at: start) }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { position += 1; break }
            if b < 0x20 { throw fail(b == 0 ? "a NUL byte inside a string" : "an unescaped control character inside a string") }
            if b == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { throw fail("unterminated escape in a string") }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                            throw fail("a lone UTF-16 surrogate in a \\u escape")
                        }
                        position += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone UTF-16 surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("a lone UTF-16 surrogate in a \\u escape")
                    }
                    if scalar == 0 { throw fail("a NUL character (\\u0000) inside a string") }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: position - 2)
                }
                continue
            }
            if b < 0x80 { out.append(b); position += 1; continue }
            // Multi-byte UTF-8: validate the sequence.
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: throw fail("invalid UTF-8 in a string")
            }
            guard position + length <= bytes.count else { throw fail("invalid UTF-8 in a string") }
            let sequence = Array(bytes[position..<(position + length)])
            guard String(validating: sequence, as: UTF8.self) != nil else { throw fail("invalid UTF-8 in a string") }
            out.append(contentsOf: sequence)
            position += length
        }
        hash = JSONParser.fnvBasis
        for b in out { hash = (hash ^ UInt64(b)) &* JSONParser.fnvPrime }
        lastStringHash = hash
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("a \\u escape needs four hexadecimal digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("a \\u escape needs four hexadecimal digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    /// Exact powers of ten as doubles (10^0 … 10^22 are representable exactly).
    private static let exactPowers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// A number per the JSON grammar, correctly rounded to the nearest double.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        return .number(try scanNumber(), offset: start)
    }

    /// Scans a number at the current position and converts it, correctly rounded.
    @inline(__always)
    private mutating func scanNumber() throws(JSONSyntaxError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
            throw fail("expected a digit in a number", at: position)
        }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits accumulated in `mantissa`
        var dropped = false     // non-zero digits beyond 19 were dropped
        var decimalExponent = 0
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                throw fail("a number may not have leading zeros", at: start)
            }
        } else {
            while position < bytes.count, case let b = bytes[position], b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(b - 48); if mantissa != 0 { digits += 1 } }
                else { decimalExponent += 1; if b != UInt8(ascii: "0") { dropped = true } }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
                throw fail("expected a digit after the decimal point", at: position)
            }
            while position < bytes.count, case let b = bytes[position], b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(b - 48)
                    if mantissa != 0 { digits += 1 }
                    decimalExponent -= 1
                } else if b != UInt8(ascii: "0") { dropped = true }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
                throw fail("expected a digit in the exponent", at: position)
            }
            var exponent = 0
            while position < bytes.count, case let b = bytes[position], b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if exponent < 100_000 { exponent = exponent * 10 + Int(b - 48) }
                position += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if !dropped {
            // Clinger's fast path: an exact mantissa below 2^53 times an exact power of ten
            // is one correctly rounded IEEE operation.
            if mantissa < (1 << 53), decimalExponent >= -22, decimalExponent <= 22 {
                var value = Double(mantissa)
                value = decimalExponent < 0 ? value / JSONParser.exactPowers[-decimalExponent]
                                            : value * JSONParser.exactPowers[decimalExponent]
                return negative ? -value : value
            }
            if mantissa == 0 { return negative ? -0.0 : 0 }
            // Eisel-Lemire: correctly rounded for any exact significand of up to 19 digits.
            if let value = eiselLemire(mantissa, decimalExponent) { return negative ? -value : value }
        }
        // Everything else (more than 19 significant digits, subnormals, overflow): the C
        // library's correctly rounded conversion of the exact text. The grammar was checked
        // above, and a JSON number is followed by a byte that cannot continue it (',', ']',
        // '}', whitespace), so strtod reads exactly the number in place; only a number that
        // ends the buffer is copied to add a terminator.
        if position < bytes.count {
            return UnsafeRawPointer(bytes.baseAddress! + start).withMemoryRebound(to: CChar.self, capacity: position - start + 1) {
                strtod($0, nil)
            }
        }
        var text = Array(bytes[start..<position])
        text.append(0)
        return text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
        }
    }
}

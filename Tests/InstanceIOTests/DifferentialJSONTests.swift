import Foundation
import InstanceIO
import Testing

/// The reader against Foundation's `JSONSerialization` on random documents and on random
/// corruptions of them: whatever the strict reader accepts, Foundation accepts with the same
/// content (the reader is stricter, never different).
struct DifferentialJSONTests {
    func randomValue(_ rng: inout SeededGenerator, depth: Int) -> String {
        let choice = depth > 3 ? Int.random(in: 0..<4, using: &rng) : Int.random(in: 0..<7, using: &rng)
        switch choice {
        case 0: return ["true", "false", "null"].randomElement(using: &rng)!
        case 1:
            // Moderate magnitudes: Foundation reads numbers through Decimal, whose range and
            // rounding are not a double's.
            let d = Double.random(in: -1e6...1e6, using: &rng) * pow(10, Double(Int.random(in: -20...20, using: &rng)))
            return ["\(d)", String(format: "%.17g", d), "\(Int.random(in: -1_000_000...1_000_000, using: &rng))",
                    String(format: "%.3e", Double.random(in: 0..<1, using: &rng))].randomElement(using: &rng)!
        case 2, 3:
            let pieces = ["a", "é", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "𝄞", " ", "\\/", "k"]
            return "\"" + (0..<Int.random(in: 0..<6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() + "\""
        case 4:
            // Arrays of numbers and rows of numbers exercise the flat paths.
            let n = Int.random(in: 0..<5, using: &rng)
            return "[" + (0..<n).map { _ in Bool.random(using: &rng) ? "[\(Int.random(in: 0..<9, using: &rng)), 0.5]" : "\(Double.random(in: -1...1, using: &rng))" }.joined(separator: ",") + "]"
        case 5:
            let n = Int.random(in: 0..<4, using: &rng)
            return "[" + (0..<n).map { _ in randomValue(&rng, depth: depth + 1) }.joined(separator: " , ") + "]"
        default:
            let n = Int.random(in: 0..<15, using: &rng)
            return "{" + (0..<n).map { k in "\"k\(k)\":\n" + randomValue(&rng, depth: depth + 1) }.joined(separator: ",") + "}"
        }
    }

    /// Deep equality of Foundation values. Numbers agree to 1e-15 relative: Foundation reads
    /// some numbers through `Decimal`, which is not correctly rounded (the reader's exact
    /// rounding is checked against `Double(String)` in NumberParsingTests).
    func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (is NSNull, is NSNull): return true
        case let (x as String, y as String): return x == y
        case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (x as [String: Any], y as [String: Any]):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        case let (x as NSNumber, y as NSNumber):
            let (u, v) = (x.doubleValue, y.doubleValue)
            return u == v || abs(u - v) <= 1e-15 * max(abs(u), abs(v))
        default: return false
        }
    }

    func containsInfinity(_ value: Any) -> Bool {
        switch value {
        case let n as NSNumber: return n.doubleValue.isInfinite
        case let a as [Any]: return a.contains(where: containsInfinity)
        case let d as [String: Any]: return d.values.contains(where: containsInfinity)
        default: return false
        }
    }

    @Test func randomDocumentsAndCorruptionsAgreeWithFoundation() throws {
        var rng = SeededGenerator(seed: 2026)
        var accepted = 0, refused = 0
        for _ in 0..<3000 {
            var text = Array(randomValue(&rng, depth: 0).utf8)
            if Bool.random(using: &rng), !text.isEmpty {
                // Corrupt: delete, duplicate or replace one byte with a structural character.
                let k = Int.random(in: 0..<text.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text.remove(at: k)
                case 1: text.insert(text[k], at: k)
                default: text[k] = Array(",:[]{}\"\\0-e.".utf8).randomElement(using: &rng)!
                }
            }
            let data = Data(text)
            guard let ours = try? JSONValue.parse(data: data, file: "d.json") else { refused += 1; continue }
            accepted += 1
            let theirs = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            // Foundation refuses numbers beyond a double's range while parsing; the reader
            // keeps them as infinities and refuses them where they are read (number()).
            #expect(theirs != nil || containsInfinity(ours.raw), "accepted but Foundation refuses: \(String(decoding: text, as: UTF8.self))")
            if let theirs {
                #expect(same(ours.raw, theirs), "different content: \(String(decoding: text, as: UTF8.self))")
            }
        }
        #expect(accepted > 1000 && refused > 200)
    }
}

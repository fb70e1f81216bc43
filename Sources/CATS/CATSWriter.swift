import Foundation
import InstanceIO

/// Writing CATS `.txt` files (the layout CATS 2.x writes: comments, the three header lines, a
/// blank line, one tab-separated bid a line ending in `#`).
extension CATSFile {
    /// The file's text. Prices are written in the shortest form that reads back to the same
    /// `Double` (whole numbers without a decimal point), so `parse(text:)` of `text` gives back
    /// an equal `CATSFile`.
    ///
    /// ```swift
    /// CATSFile(goodCount: 2, dummyCount: 0, bids: [CATSBid(price: 3, goods: [0, 1])]).text
    /// // "goods 2\nbids 1\ndummy 0\n\n0\t3\t0\t1\t#\n"
    /// ```
    public var text: String {
        var out = ""
        for comment in comments { out += "%" + comment + "\n" }
        out += "goods \(goodCount)\nbids \(bids.count)\ndummy \(dummyCount)\n\n"
        for (k, bid) in bids.enumerated() {
            out += "\(k)\t\(formatPrice(bid.price))\t"
            for good in bid.goods { out += "\(good)\t" }
            out += "#\n"
        }
        return out
    }

    /// Writes ``text`` to `path` atomically (a temporary file renamed into place), so a failed
    /// write never leaves a partial file.
    public func write(to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// `3` for 3.0, otherwise Swift's shortest round-tripping decimal form (`0.25`, `1e-05`).
func formatPrice(_ price: Double) -> String {
    if price == price.rounded(), abs(price) < 1e15 { return String(Int(price)) }
    return "\(price)"
}

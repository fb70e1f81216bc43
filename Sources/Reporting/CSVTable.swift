import Foundation

/// A CSV table (RFC 4180 quoting) with a header row, for experiment outputs.
///
/// ```swift
/// var table = CSVTable(header: ["n", "e", "share"])
/// table.append(["4", "0.5", "0.93"])
/// try table.text.write(toFile: "out.csv", atomically: true, encoding: .utf8)
/// ```
public struct CSVTable: Sendable, Equatable {
    /// Column names.
    public var header: [String]
    /// Data rows, each as long as the header.
    public var rows: [[String]]

    /// Creates a table with the given header and rows.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Appends a row (must have one field per column).
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row needs \(header.count) fields")
        rows.append(row)
    }

    /// The values of a named column.
    public func column(_ name: String) -> [String]? {
        header.firstIndex(of: name).map { k in rows.map { $0[k] } }
    }

    /// The table as CSV text, ending with a newline.
    public var text: String {
        ([header] + rows).map { $0.map(CSVTable.quote).joined(separator: ",") }.joined(separator: "\n")
            + "\n"
    }

    /// Parses CSV text with a header row.
    public static func parse(_ text: String) throws -> CSVTable {
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false, atFieldStart = true
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && atFieldStart {
                quoted = true; atFieldStart = false
            } else if c == "," {
                record.append(field); field = ""; atFieldStart = true
            } else if c == "\n" || c == "\r\n" {
                record.append(field); records.append(record)
                field = ""; record = []; atFieldStart = true
            } else if c != "\r" {
                field.append(c); atFieldStart = false
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first else { throw CSVError.empty }
        for (k, r) in records.enumerated().dropFirst() where r.count != header.count {
            throw CSVError.ragged(line: k + 1, expected: header.count, found: r.count)
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Errors reading CSV text.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    /// No header row.
    case empty
    /// A row with the wrong number of fields.
    case ragged(line: Int, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .empty: return "empty CSV (no header row)"
        case .ragged(let line, let expected, let found):
            return "line \(line): expected \(expected) fields, found \(found)"
        }
    }
}

/// Formats a number for CSV and JSON outputs: shortest round-trip representation, so that
/// outputs written by different runs compare bit for bit.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

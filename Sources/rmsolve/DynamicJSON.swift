import Foundation

/// Output format of the `mdp` and `dynamic` commands.
enum DynamicOutputFormat: String, CaseIterable {
    case table, json
}

/// Rounds away floating-point noise for output (10 significant digits; magnitudes below
/// 1e-12 print as 0); the computation
/// itself is never rounded.
func mdpOutputNumber(_ x: Double) -> Double {
    if abs(x) < 1e-12 { return 0 }
    let rounded = Double(String(format: "%.10g", x)) ?? x
    return rounded == 0 ? 0 : rounded
}

/// Serialises a result object as sorted-key JSON text.
func mdpJSONText(_ object: [String: Any], pretty: Bool = true) throws -> String {
    var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
    if pretty { options.insert(.prettyPrinted) }
    let data = try JSONSerialization.data(withJSONObject: object, options: options)
    return String(decoding: data, as: UTF8.self)
}

import Foundation
import InstanceIO

/// libFuzzer entry: parses the input as a JSON document and walks it through every accessor.
/// Any crash, trap or hang is a defect; thrown ``InstanceError``s are the expected outcome
/// for bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let root = try? JSONValue.parse(data: bytes, file: "fuzz.json") else { return 0 }
    walk(root, depth: 0)
    _ = try? root.requireKnownKeys()
    _ = root.raw
    return 0
}

private func walk(_ node: JSONValue, depth: Int) {
    guard depth < 64 else { return }
    _ = try? node.number(); _ = try? node.integer(); _ = try? node.amount(); _ = try? node.string()
    _ = try? node.bool(); _ = try? node.numbers(); _ = try? node.amounts(); _ = try? node.strings()
    _ = node.error("probe").description
    if let members = try? node.members() {
        for (key, value) in members {
            _ = try? node.optional(key)
            walk(value, depth: depth + 1)
        }
        _ = try? node["kind"]
    }
    if let elements = try? node.array() {
        for element in elements { walk(element, depth: depth + 1) }
    }
}

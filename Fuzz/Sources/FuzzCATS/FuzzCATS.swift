import CATS
import Foundation
import InstanceIO

/// libFuzzer entry: reads the input as a CATS file; a parsed file must write back to text
/// that parses to the same file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCATS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    guard let file = try? CATSFile.parse(text: text, file: "fuzz.txt") else { return 0 }
    guard let again = try? CATSFile.parse(text: file.text, file: "again.txt"), again == file else {
        fatalError("a parsed CATS file does not survive writing and reading back")
    }
    return 0
}

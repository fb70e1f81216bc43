import Foundation

/// Writes a fuzz input to a file (the readers under test take paths) and returns its path.
/// One file per process and extension, rewritten for every input, in memory when /dev/shm exists.
public func temporaryInput(_ data: UnsafePointer<UInt8>?, _ size: Int, extension ext: String) -> String {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = "\(directory)/rmsolve-fuzz-\(getpid()).\(ext)"
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    FileManager.default.createFile(atPath: path, contents: bytes)
    return path
}

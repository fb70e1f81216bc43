#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file rmsolve could not write: which path and why, in the operating system's words.
///
/// The CLI prints it and exits with status 2 (the path is the user's to fix: a missing or
/// unwritable directory, a full disk).
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The path that could not be written.
    public var path: String
    /// Why, e.g. "No space left on device".
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write: \(reason)" }
    public var errorDescription: String? { description }
}

/// Writing output files completely or not at all.
public enum OutputFile {
    /// Writes `data` to `path` atomically: into a temporary file in the same directory, flushed
    /// to disk, then renamed over `path`. Every step is checked (a full disk is reported, never
    /// ignored); on failure the temporary file is removed and `path` is untouched. An existing
    /// device or pipe (`/dev/stdout`) is written into, never replaced.
    ///
    /// ```swift
    /// try OutputFile.write(Data("a,b\n".utf8), to: "out/table.csv")
    /// ```
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty {
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw OutputError(path: path, reason: "the directory \(directory) does not exist")
            }
            guard isDirectory.boolValue else { throw OutputError(path: path, reason: "\(directory) is not a directory") }
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OutputError(path: path, reason: "it is a directory")
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            // A device, pipe or socket (e.g. /dev/stdout) is written into, never replaced.
            try writeInPlace(data, to: path)
            return
        }
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        func fail(_ code: Int32) -> OutputError {
            close(fd)
            unlink(temporary)
            return OutputError(path: path, reason: String(cString: strerror(code)))
        }
        let failure = writeAll(fd, data)
        if let failure { throw fail(failure) }
        if fsync(fd) != 0 && errno != EINVAL { throw fail(errno) }
        if close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw OutputError(path: path, reason: String(cString: strerror(code)))
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw OutputError(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Writes into an existing non-regular file (a device or pipe), checking every step.
    private static func writeInPlace(_ data: Data, to path: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        let failure = writeAll(fd, data)
        let closed = close(fd)
        if let failure { throw OutputError(path: path, reason: String(cString: strerror(failure))) }
        if closed != 0 { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes all of `data` to `fd`; the `errno` of the first failure, or `nil`.
    private static func writeAll(_ fd: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:)``).
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }

    /// Creates a directory (and its parents) for output, or reports why it cannot.
    public static func createDirectory(_ path: String) throws(OutputError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputError(path: path, reason: "it exists and is not a directory") }
            guard access(path, W_OK) == 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
            throw OutputError(path: path, reason: reason)
        }
    }

    /// Flushes standard output and reports whether everything printed reached it (a full
    /// disk or a closed pipe loses output; a command must not then exit 0).
    public static func flushStandardOutput() throws(OutputError) {
        if fflush(nil) != 0 || standardOutputStream.map({ ferror($0) != 0 }) == true {
            throw OutputError(path: "standard output", reason: String(cString: strerror(errno)))
        }
    }
}

/// The C library's standard output stream, through which Swift's `print` writes. (Looked up
/// by name: Swift 6 refuses direct references to the C global `stdout` as shared mutable
/// state; it is only read here.)
private var standardOutputStream: UnsafeMutablePointer<FILE>? {
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
    return address.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
}

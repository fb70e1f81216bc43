import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on an experiment output directory: the file `DIR/.lock`, locked with
/// `flock(2)` for as long as a process writes the directory (exclusive) or reads it for a
/// merge (shared). A second writer fails at once with
/// ``ExperimentError/directoryInUse(directory:holder:)`` instead of interleaving its records
/// with the first one's. The lock goes away with the process (also when it is killed), so a
/// stale lock file never blocks a resumed run. On network file systems, `flock` works as far
/// as the file system supports it (Linux NFS clients map it to byte-range locks).
final class DirectoryLock {
    private let descriptor: Int32

    /// Takes the lock of `directory` (which must exist): exclusive for a writer, shared for a
    /// reader; an exclusive lock records this host, process and time in the lock file.
    init(directory: String, exclusive: Bool) throws {
        let path = directory + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                          NSLocalizedDescriptionKey: "cannot open the lock file \(path)"])
        }
        // A lock is briefly held by any process this one forks until it executes (the child
        // shares the open file), so a refusal is retried for up to a second before it counts.
        var attempts = 0
        while flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            attempts += 1
            if attempts < 20 {
                usleep(50_000)
                continue
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw ExperimentError.directoryInUse(directory: directory, holder: holder)
        }
        descriptor = fd
        if exclusive {
            let holder = "host \(currentHostName()), process \(getpid()), since "
                + ISO8601DateFormatter().string(from: Date()) + "\n"
            _ = ftruncate(fd, 0)
            _ = holder.withCString { write(fd, $0, strlen($0)) }
        }
    }

    deinit { close(descriptor) }
}

/// This machine's host name as `gethostname(2)` gives it (no name-service lookup, which can
/// hang on cluster nodes without DNS).
func currentHostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

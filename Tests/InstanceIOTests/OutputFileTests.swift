import Foundation
#if canImport(Glibc)
import Glibc
#endif
import InstanceIO
import Testing

/// Output files are written whole or not at all, and every failure names the path and the
/// operating system's reason.
struct OutputFileTests {
    let directory: String = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test func writesAndReplacesAtomically() throws {
        let path = directory + "/a.csv"
        try OutputFile.write("one\n", to: path)
        try OutputFile.write("two\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["a.csv"])   // no temporaries left
    }

    @Test func missingDirectoryAndDirectoryTargetsAreNamed() {
        #expect(throws: OutputError(path: directory + "/nope/a.csv", reason: "the directory \(directory)/nope does not exist")) {
            try OutputFile.write("x", to: directory + "/nope/a.csv")
        }
        #expect(throws: OutputError(path: directory, reason: "it is a directory")) {
            try OutputFile.write("x", to: directory)
        }
    }

    @Test func aFullDeviceIsAnError() {
        // /dev/full accepts opens and fails every write with ENOSPC. A device is written into,
        // never replaced by a renamed temporary file.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        do {
            try OutputFile.write(Data(repeating: 65, count: 1 << 16), to: "/dev/full")
            Issue.record("writing to /dev/full succeeded")
        } catch {
            #expect(error == OutputError(path: "/dev/full", reason: String(cString: strerror(ENOSPC))))
        }
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func createDirectoryRefusesAFile() throws {
        let file = directory + "/f"
        try OutputFile.write("x", to: file)
        #expect(throws: OutputError(path: file, reason: "it exists and is not a directory")) {
            try OutputFile.createDirectory(file)
        }
        try OutputFile.createDirectory(directory + "/x/y")
        #expect(FileManager.default.fileExists(atPath: directory + "/x/y"))
    }
}

import Experiments
import Foundation
import Testing

struct ShardTests {
    /// Shards 1/3, 2/3, 3/3 partition the items.
    @Test func shardsPartitionTheItems() throws {
        let shards = try (1...3).map { try Shard(parsing: "\($0)/3") }
        for item in 0..<30 { #expect(shards.filter { $0.contains(item) }.count == 1) }
        #expect(throws: ShardError.self) { try Shard(parsing: "4/3") }
        #expect(throws: ShardError.self) { try Shard(parsing: "0/3") }
        #expect(throws: ShardError.self) { try Shard(parsing: "x") }
    }
}

struct ResultLogTests {
    /// A log reopened after some appends and a torn final line keeps exactly the complete
    /// records, and appends after them.
    @Test func resumesAfterATornLine() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rmsolve-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let log = try ResultLog(path: path)
            try log.append(ResultRecord(key: "a", cell: "c", sample: 0, metrics: ["v": 1]))
            try log.append(ResultRecord(key: "b", cell: "c", sample: 1, metrics: ["v": 2]))
        }
        let torn = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try torn.seekToEnd()
        try torn.write(contentsOf: Data(#"{"key":"c","v"#.utf8))
        try torn.close()
        let reopened = try ResultLog(path: path)
        #expect(reopened.completedKeys == ["a", "b"])
        try reopened.append(ResultRecord(key: "c", cell: "c", sample: 2, metrics: ["v": 3]))
        let again = try ResultLog(path: path)
        #expect(again.completedKeys == ["a", "b", "c"])
        #expect(again.allRecords["c"]?.metrics["v"] == 3)
    }

    /// With a long sync interval every record is still in the file as soon as it is
    /// appended (another reader sees it while the writer is open).
    @Test func recordsAreInTheFileAtOnceWhateverTheSyncInterval() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rmsolve-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try ResultLog(path: path, syncInterval: 3600)
        for k in 0..<5 { try log.append(ResultRecord(key: "k\(k)", cell: "c", sample: k, metrics: ["v": Double(k)])) }
        let data = try #require(FileManager.default.contents(atPath: path))
        #expect(data.split(separator: UInt8(ascii: "\n")).count == 5)
        try log.synchronize()
    }

    /// A metric is written as its shortest round-trip text and read back bit for bit.
    @Test func metricsRoundTripExactly() throws {
        let record = ResultRecord(key: "c#0", cell: "c", sample: 0, metrics: ["x": 0.1 + 0.2, "y": 1e-300, "z": -7])
        let line = String(decoding: record.line, as: UTF8.self)
        #expect(line == #"{"cell":"c","key":"c#0","sample":0,"x":"0.30000000000000004","y":"1e-300","z":"-7.0"}"#)
        #expect(ResultRecord(line: record.line) == record)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import InstanceIO

/// What ``benchmarkInstanceIO(_:)`` measured (the line `rmsolve bench io` prints).
public struct IOBenchmark: Codable, Sendable {
    /// A subprocess's wall time, peak resident memory and exit status.
    public struct Run: Codable, Sendable {
        public var seconds: Double, peakRSSBytes: Int, exitStatus: Int32
    }
    /// One bandit file: its size, `rmsolve gittins` end to end, in-process parsing and reading,
    /// and the Python peers when they ran.
    public struct BanditFile: Codable, Sendable {
        public var bytes: Int
        public var gittinsEndToEnd: Run
        public var parseSeconds = Double.nan, parseMBPerSecond = Double.nan
        public var readSeconds = Double.nan, readMBPerSecond = Double.nan
        public var pythonJsonLoadSeconds: Double?, pythonJsonLoadPeakRSSBytes: Int?
        /// The line markovianbandit's script printed, with its `endToEnd` run.
        public var markovianbandit: [String: PeerValue]?
        public var gittinsSpeedupOverMarkovianbandit: Double?
        public var parseSpeedupOverJsonLoad: Double?, readSpeedupOverJsonLoad: Double?
    }
    /// One dense arm size, in both forms.
    public struct Bandit: Codable, Sendable {
        public var states: Int, transitions: Int
        public var compact: BanditFile, named: BanditFile
    }
    /// The MDP (4 actions, 5 successors, compact form).
    public struct MDPFile: Codable, Sendable {
        public var states: Int, actions: Int, successors: Int, transitions: Int, bytes: Int
        public var endToEnd: Run
        public var inMemorySolveSeconds: Double, parseSeconds: Double, parseMBPerSecond: Double
        public var readSeconds: Double, readMBPerSecond: Double, endToEndOverInMemorySolve: Double
        /// The model's own size (compressed rows; names not counted) and peak memory against it.
        public var modelBytes: Int, peakRSSOverModel: Double, peakRSSBytesPerTransition: Double
    }
    public var bench = "io"
    public var seed: UInt64, directory: String, `repeat`: Int, cores: Int
    public var loadBefore: [Double], loadAfter: [Double]
    public var peers: Bool
    public var bandit: [Bandit]
    public var mdp: MDPFile?
}

/// A JSON value a peer script printed, kept as is.
public indirect enum PeerValue: Codable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([PeerValue]), object([String: PeerValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([PeerValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: PeerValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

/// A benchmark's subprocess failed or printed nothing usable.
public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
}

/// The settings of ``benchmarkInstanceIO(_:)``.
public struct IOBenchmarkOptions: Sendable {
    /// The rmsolve executable run as a subprocess (`generate`, `gittins`, `mdp`).
    public var executable: String
    /// Where the generated files go.
    public var directory: String
    public var armStates: [Int] = [1000, 2000]
    /// States of the MDP (0: skip).
    public var mdpStates: Int = 100_000
    /// A Python with markovianbandit, or `nil` to skip the peers.
    public var python: String?
    /// The directory of the peer scripts (`json_load.py`, `gittins_markovianbandit.py`).
    public var scripts: String = "scripts/peers"
    /// Repetitions of each measurement (the best is reported).
    public var repetitions: Int = 3
    public var seed: UInt64 = 1

    public init(executable: String, directory: String) {
        self.executable = executable
        self.directory = directory
    }
}

/// Writes random instances with `rmsolve generate` — dense bandit arms of each size in the
/// compact and named forms, an MDP (4 actions, 5 successors) in the compact form — and measures
/// as subprocesses (wall time, peak resident memory) `rmsolve gittins`, `rmsolve mdp --method pi`
/// and, when `python` is given, Python's json.load and markovianbandit; then, in this process,
/// parsing and reading each file and the in-memory MDP solve. Every time is the best of
/// `repetitions` runs.
public func benchmarkInstanceIO(_ options: IOBenchmarkOptions) throws -> IOBenchmark {
    let o = options, directory = o.directory, me = o.executable, seed = String(o.seed)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func measureBest(_ argv: [String], stdout: String) throws -> IOBenchmark.Run {
        var best = try measureSubprocess(argv, stdout: stdout)
        for _ in 1..<max(1, o.repetitions) {
            let run = try measureSubprocess(argv, stdout: stdout)
            best = .init(seconds: min(best.seconds, run.seconds), peakRSSBytes: max(best.peakRSSBytes, run.peakRSSBytes),
                         exitStatus: run.exitStatus)
        }
        return best
    }
    func best(_ body: () throws -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, o.repetitions) {
            do { best = min(best, try benchmarkTimed(body).1) } catch { return .nan }
        }
        return best
    }
    var report = IOBenchmark(seed: o.seed, directory: directory, repeat: o.repetitions,
                             cores: ProcessInfo.processInfo.activeProcessorCount, loadBefore: loadAverage(),
                             loadAfter: [], peers: o.python != nil, bandit: [])
    // Phase 1, subprocesses only: a child's peak resident memory as the kernel reports it is at
    // least this process's own peak, so this process holds nothing large until they have run.
    func path(_ n: Int, _ form: InstanceForm) -> String { "\(directory)/bandit-\(n)-\(form.rawValue).json" }
    var files: [[BanditFileDraft]] = []
    for n in o.armStates {
        var row: [BanditFileDraft] = []
        for form in InstanceForm.allCases {
            _ = try measureSubprocess([me, "generate", "bandit", "--states", String(n), "--form", form.rawValue,
                                       "--seed", seed, "--out", path(n, form)], stdout: "/dev/null")
            let resultPath = "\(directory)/gittins-\(n)-\(form.rawValue).result.json"
            let run = try measureBest([me, "gittins", path(n, form), "--format", "json"], stdout: resultPath)
            var f = IOBenchmark.BanditFile(bytes: fileSize(path(n, form)), gittinsEndToEnd: run)
            if let python = o.python {
                let json = try measureSubprocess([python, "\(o.scripts)/json_load.py", path(n, form), String(o.repetitions)],
                                                 stdout: directory + "/json.out")
                if case .number(let s)? = try peerLine(directory + "/json.out")["seconds"] {
                    f.pythonJsonLoadSeconds = s
                } else { f.pythonJsonLoadSeconds = .nan }
                f.pythonJsonLoadPeakRSSBytes = json.peakRSSBytes
                let mb = try measureBest([python, "\(o.scripts)/gittins_markovianbandit.py", path(n, form), "--compare", resultPath],
                                         stdout: directory + "/mb.out")
                var peer = try peerLine(directory + "/mb.out")
                peer["endToEnd"] = .object(["seconds": .number(mb.seconds), "peakRSSBytes": .number(Double(mb.peakRSSBytes)),
                                            "exitStatus": .number(Double(mb.exitStatus))])
                f.markovianbandit = peer
                f.gittinsSpeedupOverMarkovianbandit = mb.seconds / run.seconds
            }
            row.append(BanditFileDraft(form: form, file: f))
        }
        files.append(row)
    }
    let mdpPath = "\(directory)/mdp-\(o.mdpStates)-compact.json"
    var mdpRun: IOBenchmark.Run?
    if o.mdpStates > 0 {
        _ = try measureSubprocess([me, "generate", "mdp", "--states", String(o.mdpStates), "--actions", "4", "--successors", "5",
                                   "--seed", seed, "--out", mdpPath], stdout: "/dev/null")
        mdpRun = try measureBest([me, "mdp", mdpPath, "--method", "pi", "--format", "json"], stdout: directory + "/mdp.result.json")
    }
    // Phase 2, in this process: parsing and reading, and the in-memory solve.
    for (k, n) in o.armStates.enumerated() {
        var byForm: [InstanceForm: IOBenchmark.BanditFile] = [:]
        for draft in files[k] {
            var f = draft.file
            let bytes = Double(f.bytes)
            let parse = best { _ = try JSONValue.parse(contentsOf: path(n, draft.form)) }
            let read = best { _ = try BanditInstance.read(from: path(n, draft.form)) }
            f.parseSeconds = parse
            f.parseMBPerSecond = bytes / parse / 1e6
            f.readSeconds = read
            f.readMBPerSecond = bytes / read / 1e6
            if let seconds = f.pythonJsonLoadSeconds {
                f.parseSpeedupOverJsonLoad = seconds / parse
                f.readSpeedupOverJsonLoad = seconds / read
            }
            byForm[draft.form] = f
        }
        report.bandit.append(.init(states: n, transitions: n * n, compact: byForm[.compact]!, named: byForm[.named]!))
    }
    if let run = mdpRun {
        let model = try MDP.random(states: o.mdpStates, actions: 4, successors: 5, discount: 0.9, seed: o.seed)
        let transitions = model.successors.count
        // Compressed rows: an 8-byte start and an 8-byte expected reward per pair; 4 + 8 + 8 bytes per transition.
        let modelBytes = 16 * (model.stateCount * model.actionCount) + 20 * transitions
        let solveSeconds = best { _ = try model.optimalValues(method: .policyIteration) }
        let bytes = fileSize(mdpPath)
        let parseSeconds = best { _ = try JSONValue.parse(contentsOf: mdpPath) }
        let readSeconds = best { _ = try MDPInstance.read(file: mdpPath) }
        let rss = Double(run.peakRSSBytes)
        report.mdp = .init(states: o.mdpStates, actions: 4, successors: 5, transitions: transitions, bytes: bytes, endToEnd: run,
                           inMemorySolveSeconds: solveSeconds, parseSeconds: parseSeconds,
                           parseMBPerSecond: Double(bytes) / parseSeconds / 1e6, readSeconds: readSeconds,
                           readMBPerSecond: Double(bytes) / readSeconds / 1e6, endToEndOverInMemorySolve: run.seconds / solveSeconds,
                           modelBytes: modelBytes, peakRSSOverModel: rss / Double(modelBytes),
                           peakRSSBytesPerTransition: rss / Double(transitions))
    }
    report.loadAfter = loadAverage()
    return report
}

private struct BanditFileDraft { var form: InstanceForm; var file: IOBenchmark.BanditFile }

/// Runs `argv` with standard output into `stdout`, measuring wall time and (by `wait4`) the
/// child's own peak resident set size. Throws ``BenchmarkError`` unless it exits with status 0.
public func measureSubprocess(_ argv: [String], stdout: String) throws -> IOBenchmark.Run {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    var pid = pid_t()
    let start = DispatchTime.now().uptimeNanoseconds
    let spawned = posix_spawnp(&pid, argv[0], &actions, nil, arguments, environ)
    guard spawned == 0 else { throw BenchmarkError(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    guard exit == 0 else { throw BenchmarkError(description: "\(argv.joined(separator: " ")) exited with status \(exit)") }
    return .init(seconds: seconds, peakRSSBytes: Int(usage.ru_maxrss) * 1024, exitStatus: exit)
}

/// The JSON line a peer script printed (its last line).
private func peerLine(_ path: String) throws -> [String: PeerValue] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let line = text.split(separator: "\n").last,
          let object = try? JSONDecoder().decode([String: PeerValue].self, from: Data(line.utf8)) else {
        throw BenchmarkError(description: "\(path): no JSON line from the peer")
    }
    return object
}

/// The size of a file in bytes (0 if it cannot be read).
private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

/// The 1-, 5- and 15-minute load averages.
private func loadAverage() -> [Double] {
    var loads = [Double](repeating: 0, count: 3)
    _ = getloadavg(&loads, 3)
    return loads
}

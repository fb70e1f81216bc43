/// Why an experiment could not be run or merged. Problems inside a `plan.json` file are
/// `InstanceError`s naming the file and the JSON path instead; errors of the computation
/// itself (a solver limit, …) are passed through unchanged.
///
/// ```swift
/// do {
///     try runExperiment(plan, outputDirectory: "out")
/// } catch ExperimentError.directoryInUse(let directory, let holder) {
///     print("\(directory) is busy: \(holder)")
/// }
/// ```
public enum ExperimentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter of the experiment is out of its range; `parameter` is its name in the
    /// plan's `parameters` object (e.g. `redistributionSamples`).
    case invalidParameter(parameter: String, message: String)
    /// No registered experiment kind has this name.
    case unknownKind(String, known: [String])
    /// The directory already holds the plan (`planFile`) of a different experiment (kind, seed
    /// or parameters differ from `expected`'s).
    case differentExperiment(planFile: String, expected: String)
    /// The directory already ran another shard of the same experiment.
    case differentShard(planFile: String, existing: Shard, requested: Shard)
    /// Work items without a logged result: `missing` of `total`, e.g. `example`.
    case incomplete(missing: Int, total: Int, example: String)
    /// A shard directory has no result log.
    case missingResultLog(path: String)
    /// Another process is writing the directory (its lock file is held); `holder` is what
    /// that process wrote into the lock file (host, process id, start time), if anything.
    case directoryInUse(directory: String, holder: String)
    /// No directories were given to merge.
    case nothingToMerge
    /// The run was stopped early (``ExperimentStopSignal``); the finished samples are logged.
    case stopped

    public var description: String {
        switch self {
        case .invalidParameter(let parameter, let message):
            return "invalid experiment parameter \(parameter): \(message)"
        case .unknownKind(let name, let known):
            return "unknown experiment kind \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case .differentExperiment(let planFile, let expected):
            return "\(planFile): a different experiment from \(expected) (kind, seed or parameters differ); "
                + "resume with the same parameters or use another output directory"
        case .differentShard(let planFile, let existing, let requested):
            return "\(planFile): this directory ran shard \(existing), not \(requested); give each shard its own output directory"
        case .incomplete(let missing, let total, let example):
            return "\(missing) of \(total) samples have no result (e.g. \(example)); run or resume the missing shards first"
        case .missingResultLog(let path):
            return "\(path): missing result log"
        case .directoryInUse(let directory, let holder):
            return "\(directory) is being written by another run" + (holder.isEmpty ? "" : " (\(holder))")
                + "; wait for it to finish or use another output directory"
        case .nothingToMerge:
            return "no shard directories to merge"
        case .stopped:
            return "the run was stopped before it finished; its finished samples are logged, and rerunning it resumes"
        }
    }
}

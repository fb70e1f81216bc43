import ArgumentParser

/// How a result is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Aligned columns for a person.
    case table
    /// The documented result JSON (docs/formats.md).
    case json
    /// One row per agent (static results only).
    case csv
}

/// `--format`: how a command prints its result. Commands that do not offer every format
/// check theirs with ``require(_:)``.
struct OutputFormatOptions: ParsableArguments {
    @Option(help: "table, json or csv (csv: static results only).")
    var format: OutputFormat = .table

    /// Refuses a format the command does not print.
    func require(_ supported: [OutputFormat]) throws {
        guard supported.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not available here (use "
                + supported.map(\.rawValue).joined(separator: " or ") + ")")
        }
    }
}

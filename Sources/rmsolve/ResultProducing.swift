import ArgumentParser

/// A subcommand whose result can be checked against an expected-result file: it computes its
/// result JSON (a Foundation JSON object) without printing anything. `rmsolve check` parses
/// the expected file's `"command"` plus the instance path with ``RMSolve`` and calls this, so
/// a new subcommand joins the regression suite by conforming to this protocol.
protocol ResultProducing: ParsableCommand {
    /// The documented result JSON for the parsed arguments.
    func resultJSON() throws -> [String: Any]
}

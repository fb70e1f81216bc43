import Reporting

/// The conventions every experiment CSV follows (`static.csv`, `figure-3.4.csv`,
/// `instances.csv`, `summary.csv`, `bandit.csv`):
///
/// - Column names are camelCase (`keptRMPct`, `vcgRevenueMean`, `zeroRevenueSamples`).
/// - A share of a value is in PERCENT of that value, and its column name ends in `Pct`:
///   `keptRMPct` = 100 · (value kept by the agents under RM) / (value of the efficient
///   outcome); `keptVCGPct` the same under VCG; `redistributedPct` = 100 · (money paid back) /
///   (VCG revenue). The same quantity has the same name in every experiment.
/// - Summary statistics of a metric `m` over the samples of a cell are the columns `mMean`,
///   `mLower95` and `mUpper95` (95% Student-t interval of the mean) and, in the combinatorial
///   study's `summary.csv`, `mSd` (sample standard deviation).
/// - A cell is described by its parameters, one column each (`distribution`, `agents`,
///   `exclusivity`, `goods`, `bids`), followed by `samples`.
/// - Numbers are written in their shortest round-trip decimal form (``formatNumber(_:)``);
///   an undefined value is `nan`.
///
/// The result logs (`results.jsonl`) keep each kind's raw per-sample metrics as computed
/// (the combinatorial study logs fractions there); the conversion to percent happens when the
/// CSV files are written, so logs of earlier runs still resume and merge.
public enum ExperimentCSV {
    /// The four summary columns of metric `name`: `nameMean`, `nameSd`, `nameLower95`,
    /// `nameUpper95`.
    public static func summaryColumns(_ name: String) -> [String] {
        [name + "Mean", name + "Sd", name + "Lower95", name + "Upper95"]
    }

    /// The summary fields of `summary` scaled by `scale` (100 turns a fraction into percent);
    /// `nan` for a metric without values.
    public static func summaryFields(_ summary: Summary?, scale: Double = 1) -> [String] {
        guard let s = summary, s.count > 0 else { return ["nan", "nan", "nan", "nan"] }
        return [s.mean, s.standardDeviation, s.lower95, s.upper95].map { formatNumber(scale * $0) }
    }
}

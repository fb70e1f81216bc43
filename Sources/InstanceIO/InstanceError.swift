/// A problem with an input file: which file, where in it, and what is wrong.
///
/// Every reader in rmsolve reports bad input as one `InstanceError`; the CLI prints its
/// ``description`` and exits with status 2, writing nothing.
///
/// ```swift
/// InstanceError(file: "car.json", location: "$.values[2]", message: "expected 4 numbers, found 3")
/// // car.json: $.values[2]: expected 4 numbers, found 3
/// ```
public struct InstanceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given by the user.
    public var file: String
    /// Where in the file: a JSON path such as `$.bidders[1].bids[0]`, or `line 12`.
    public var location: String
    /// What is wrong, in one sentence.
    public var message: String
    /// The 1-based line in the file, when known.
    public var line: Int?
    /// The 1-based column (in bytes) in the file, when known.
    public var column: Int?

    /// Creates an input error.
    public init(file: String, location: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.location = location
        self.message = message
        self.line = line
        self.column = column
    }

    /// `file:line:column: location: message` (the line and column when known).
    public var description: String {
        let place = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
        return "\(file)\(place): \(location): \(message)"
    }

    /// Errors are equal when they name the same file, location and message (the line and
    /// column follow from the location).
    public static func == (a: InstanceError, b: InstanceError) -> Bool {
        a.file == b.file && a.location == b.location && a.message == b.message
    }
}

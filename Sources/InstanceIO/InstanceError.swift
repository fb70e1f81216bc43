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

    /// Creates an input error.
    public init(file: String, location: String, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file: location: message`.
    public var description: String { "\(file): \(location): \(message)" }
}

/// An option of a library entry point (``solveMDP(_:options:)``,
/// ``runDynamicMechanism(_:options:)``, ``computeGittinsIndices(_:options:)``) is out of its
/// range, e.g. a joint-state limit below 1 or a negative number of simulated periods.
public struct DynamicOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

import Foundation
import Testing

/// Every subcommand's help: it prints, exits 0, and documents every argument.
@Suite struct HelpTests {
    /// The command tree as the argument parser describes it (`--experimental-dump-help`).
    struct Node: Decodable {
        var commandName: String
        var abstract: String?
        var arguments: [Argument]?
        var subcommands: [Node]?
        struct Argument: Decodable {
            var valueName: String?
            var abstract: String?
            var shouldDisplay: Bool
            var names: [Name]?
            struct Name: Decodable { var name: String }
        }
    }

    func commandPaths(_ node: Node, prefix: [String]) -> [([String], Node)] {
        var out = [(prefix, node)]
        for child in node.subcommands ?? [] where child.commandName != "help" {
            out += commandPaths(child, prefix: prefix + [child.commandName])
        }
        return out
    }

    @Test func everySubcommandHasCompleteHelp() throws {
        guard let dump = try runRMSolve(["--experimental-dump-help"]) else { return }
        #expect(dump.status == 0)
        struct Root: Decodable { var command: Node }
        let root = try JSONDecoder().decode(Root.self, from: Data(dump.out.utf8)).command
        let paths = commandPaths(root, prefix: [])
        #expect(paths.count >= 15, "only \(paths.count) commands")
        for (path, node) in paths {
            #expect(!(node.abstract ?? "").isEmpty, "\(path): no abstract")
            for argument in node.arguments ?? [] where argument.shouldDisplay {
                let name = argument.names?.first?.name ?? argument.valueName ?? "?"
                if name == "help" || name == "version" { continue }
                #expect(!(argument.abstract ?? "").isEmpty, "rmsolve \(path.joined(separator: " ")): --\(name) has no help text")
            }
            guard let help = try runRMSolve(path + ["--help"]) else { return }
            #expect(help.status == 0, "rmsolve \(path.joined(separator: " ")) --help exits \(help.status)")
            #expect(help.out.contains("USAGE:"), "rmsolve \(path.joined(separator: " ")) --help")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        for arguments in [["solve"], ["solve", "x.json", "--no-such-flag"], ["mdp", "x.json", "--method", "bogus"],
                          ["no-such-command"]] {
            guard let r = try runRMSolve(arguments) else { return }
            #expect(r.status == 2, "rmsolve \(arguments.joined(separator: " ")) exits \(r.status): \(r.err)")
            #expect(!r.err.isEmpty)
        }
    }
}

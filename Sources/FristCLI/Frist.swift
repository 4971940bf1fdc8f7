import ArgumentParser
import CCurl
import FristConfig
import FristCore
import FristDelivery
import Foundation

/// The `frist` command: keeps project deadlines in view and reminds the people who own them.
struct Frist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frist",
        abstract: "Keeps the deadlines of projects in view and reminds the people who own them.",
        discussion: """
            Exit codes: 0 ok, 78 invalid configuration, 1 anything else.
            Configuration: --config PATH, else $FRIST_CONFIG, else /etc/frist/frist.yaml, else ./config/frist.yaml.
            """,
        version: "frist \(FristDelivery.version) (\(String(cString: curl_version())))",
        subcommands: [Check.self, Upcoming.self, Run.self, SendTest.self, Ack.self, Unack.self, Retry.self, Status.self,
                      History.self, ICS.self]
    )

    init() {}
}

/// The entry point of the `frist` executable.
public enum FristCommandLine {
    /// Runs the command line and exits with the documented codes: usage mistakes are 1, not
    /// ArgumentParser's 64, because scripts only know 0, 78 and 1.
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        do {
            var command = try Frist.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch let failure as FristFailure {
            Output.errors([failure.description])
            exit(1)
        } catch {
            let code = Frist.exitCode(for: error)
            if code == .success {
                print(Frist.fullMessage(for: error))
                exit(0)
            }
            FileHandle.standardError.write(Data((Frist.fullMessage(for: error) + "\n").utf8))
            exit(1)
        }
    }
}

/// Options every command that reads the configuration takes.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $FRIST_CONFIG, /etc/frist/frist.yaml, ./config/frist.yaml).")
    var config: String?

    /// Loads and validates the configuration; on mistakes prints each on stderr and exits 78.
    func load() throws -> FristConfig {
        let location = ConfigLocation.resolve(explicit: config, environment: ProcessInfo.processInfo.environment)
        if let missing = location.missing() {
            Output.errors([missing])
            throw ExitCode(78)
        }
        switch ConfigLoader.load(path: location.path) {
        case .success(let config):
            return config
        case .failure(let errors):
            Output.errors(errors.errors.map(\.description))
            throw ExitCode(78)
        }
    }
}

/// Writing to the terminal.
enum Output {
    static func errors(_ lines: [String]) {
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// The real clock, for commands run by people.
struct SystemClock {
    func now() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }
}

/// A command's failure for people: one line on stderr, exit 1.
struct FristFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

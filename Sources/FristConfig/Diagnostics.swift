internal import Yams

/// Collects mistakes while a config is read, so that one run reports all of them.
final class Diagnostics {
    private(set) var errors: [ConfigError] = []

    func error(_ file: String, _ node: Node?, _ message: String) {
        let mark = node?.mark
        errors.append(ConfigError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    func error(_ file: String, line: Int, column: Int, _ message: String) {
        errors.append(ConfigError(file: file, line: line, column: column, message: message))
    }
}

import FristCore
import Foundation

/// Collects mistakes while a config is read, so that one run reports all of them.
final class Diagnostics {
    private var collected: [ConfigError] = []

    /// The mistakes, file by file in the order files were read, each file top to bottom.
    var errors: [ConfigError] {
        var rank: [String: Int] = [:]
        for e in collected where rank[e.file] == nil { rank[e.file] = rank.count }
        return collected.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            return (rank[x.file]!, x.line, x.column, a.offset) < (rank[y.file]!, y.line, y.column, b.offset)
        }.map(\.element)
    }

    /// What may be fine but deserves a look (a credential file missing here), in reading order.
    private(set) var warnings: [ConfigError] = []

    func warn(_ file: String, _ node: Node?, _ message: String) {
        warnings.append(ConfigError(file: file, line: node?.line ?? 0, column: node?.column ?? 0,
                                    message: "warning: " + Self.clippingQuotes(message)))
    }

    func error(_ file: String, _ node: Node?, _ message: String) {
        error(file, line: node?.line ?? 0, column: node?.column ?? 0, message)
    }

    /// Adds mistakes found elsewhere (another file, read on its own).
    func append(_ errors: [ConfigError]) { collected += errors }

    func error(_ file: String, line: Int, column: Int, _ message: String) {
        // One mistake, one line: YAML parser messages can carry line breaks.
        let oneLine = message.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }
            .joined(separator: " ")
        collected.append(ConfigError(file: file, line: line, column: column, message: Self.clippingQuotes(oneLine)))
    }

    /// Longest value quoted in a message: enough to recognise it, never a 50 MB stderr line.
    static let quoteLimit = 80

    /// `message` with every '…'-quoted value longer than ``quoteLimit`` cut to it (with "…").
    static func clippingQuotes(_ message: String) -> String {
        guard message.utf8.count > quoteLimit else { return message }
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        // Odd-numbered parts are inside quotes.
        return parts.enumerated().map { index, part in
            index % 2 == 1 && index < parts.count - 1
                ? TextClipping.clipped(String(part), limit: quoteLimit) { $0.count }
                : String(part)
        }.joined(separator: "'")
    }
}

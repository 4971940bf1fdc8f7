import FristCore
import Foundation

/// A parsed YAML file and typed accessors that report mistakes instead of throwing, so a
/// reader can carry on and find the next one.
///
/// Scalars are read as the text the admin wrote: `off` stays `off` where a word is expected,
/// `09:00` stays a time, `2021-09-30` stays a date.
struct YAMLDocument {
    /// Path as shown in messages.
    let file: String
    let root: Node?
    let diagnostics: Diagnostics
    /// Rules already parsed in this file: schedules repeat the same few rules many times.
    let rules = RuleCache()

    /// Reads and parses `path`; on failure records the error and returns a document with no root.
    init(path: String, shownAs file: String, diagnostics: Diagnostics) {
        self.file = file
        self.diagnostics = diagnostics
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            diagnostics.error(file, line: 0, column: 0,
                              exists ? (isDir.boolValue ? "is a directory, not a YAML file" : "cannot be read (permissions?)")
                                     : "no such file")
            root = nil
            return
        }
        let (root, problems) = YAMLReader.parse([UInt8](data))
        for p in problems { diagnostics.error(file, line: p.line, column: p.column, p.message) }
        self.root = root
    }

    func error(_ node: Node?, _ message: String) { diagnostics.error(file, node, message) }

    // MARK: Shapes

    /// A mapping's entries by key, reporting unknown keys (the reader already reported repeated ones).
    func mapping(_ node: Node, allowed: [String], what: String) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node.content else {
            error(node, "\(what) must be a mapping (key: value), found \(describe(node))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let name, _) = key.content else {
                error(key, "keys must be plain words, found \(describe(key))")
                continue
            }
            if !allowed.contains(name) {
                let hint = suggestion(for: name, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                error(key, "unknown key '\(name)' in \(what)\(hint)")
                continue
            }
            result[name] = (key, value)
        }
        return result
    }

    /// A mapping's entries in document order, for maps keyed by ids (people, channels).
    func entries(_ node: Node, what: String) -> [(key: Node, name: String, value: Node)]? {
        guard case .mapping(let mapping) = node.content else {
            error(node, "\(what) must be a mapping (id: …), found \(describe(node))")
            return nil
        }
        var result: [(key: Node, name: String, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let name, _) = key.content else {
                error(key, "keys must be plain words, found \(describe(key))")
                continue
            }
            result.append((key, name, value))
        }
        return result
    }

    /// A sequence's items; a single scalar counts as a list of one (`before: 14d`).
    func list(_ node: Node, what: String) -> [Node]? {
        switch node.content {
        case .sequence(let items): return items
        case .scalar: return isNull(node) ? [] : [node]
        case .mapping:
            error(node, "\(what) must be a list, found \(describe(node))")
            return nil
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let text, plain: true) = node.content else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// A scalar's text as written.
    func text(_ node: Node, what: String) -> String? {
        guard case .scalar(let text, _) = node.content else {
            error(node, "\(what) must be a single value, found \(describe(node))")
            return nil
        }
        return text
    }

    /// A non-empty text.
    func word(_ node: Node, what: String) -> String? {
        guard let t = text(node, what: what) else { return nil }
        guard !t.trimmingSpaces.isEmpty else {
            error(node, "\(what) is empty")
            return nil
        }
        return t
    }

    func bool(_ node: Node, what: String) -> Bool? {
        guard let t = text(node, what: what) else { return nil }
        switch t.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(node, "\(what) must be true or false, found '\(t)'")
            return nil
        }
    }

    func int(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        guard let t = text(node, what: what) else { return nil }
        guard let n = Int(t), range.contains(n) else {
            error(node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(t)'")
            return nil
        }
        return n
    }

    /// One of a fixed set of words.
    func choice<T>(_ node: Node, what: String, _ options: [(String, T)]) -> T? {
        guard let t = text(node, what: what) else { return nil }
        if let hit = options.first(where: { $0.0 == t.lowercased() }) { return hit.1 }
        error(node, "\(what) must be one of \(options.map(\.0).joined(separator: ", ")), found '\(t)'")
        return nil
    }

    /// An id matching `pattern` (a description and a predicate over bytes).
    func identifier(_ node: Node, what: String, allowUnderscore: Bool) -> String? {
        guard let t = word(node, what: what) else { return nil }
        let ok = t.utf8.allSatisfy { b in
            (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 45 || (allowUnderscore && b == 95)
        } && t.utf8.count <= 64
        guard ok else {
            let set = allowUnderscore ? "a-z, 0-9, '-' and '_'" : "a-z, 0-9 and '-'"
            error(node, "\(what) '\(t)' may only use \(set) (at most 64 characters)")
            return nil
        }
        return t
    }

    func describe(_ node: Node) -> String {
        switch node.content {
        case .scalar(let text, _): return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// The closest allowed word within edit distance 2, for "did you mean" hints.
func suggestion(for word: String, among options: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = old
            }
        }
        return row[b.count]
    }
    let w = Array(word.lowercased())
    return options.map { ($0, distance(w, Array($0))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
}

/// Parsed recurrence rules by their text, for one file.
final class RuleCache {
    private var parsed: [String: Result<RecurrenceRule, RecurrenceRule.ParseError>] = [:]

    func parse(_ text: String) -> Result<RecurrenceRule, RecurrenceRule.ParseError> {
        if let known = parsed[text] { return known }
        let result = Result { () throws(RecurrenceRule.ParseError) in try RecurrenceRule.parse(text) }
        parsed[text] = result
        return result
    }
}

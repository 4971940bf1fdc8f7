internal import Yams
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
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.error(file, line: 0, column: 0, "is not UTF-8 text")
            root = nil
            return
        }
        do {
            // The basic resolver leaves scalars untyped: values are read as written, and no regex runs per scalar.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let detail = context.map { "\($0.text) " } ?? ""
                diagnostics.error(file, line: mark.line, column: mark.column, "YAML syntax error: \(detail)\(problem)")
            case .duplicatedKeysInMapping(let keys, let context):
                // Yams stops at the first mapping with a repeated key and marks the first use;
                // point at the repetition, which is the line to fix.
                let key = keys.first ?? ""
                let (line, column) = Self.repetition(of: key, after: context.mark, in: text)
                diagnostics.error(file, line: line, column: column, "'\(key)' is given twice in the same mapping")
            default:
                diagnostics.error(file, line: 1, column: 1, "YAML syntax error: \(error)")
            }
            root = nil
        } catch {
            diagnostics.error(file, line: 1, column: 1, "YAML syntax error: \(error)")
            root = nil
        }
    }

    func error(_ node: Node?, _ message: String) { diagnostics.error(file, node, message) }

    /// Where `key:` appears again at the same column as its first use.
    static func repetition(of key: String, after first: Mark, in text: String) -> (Int, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for n in first.line..<lines.count {
            let chars = Array(lines[n])
            let col = first.column - 1
            guard col < chars.count else { continue }
            let rest = String(chars[col...])
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return (n + 1, first.column)
            }
        }
        return (first.line, first.column)
    }

    // MARK: Shapes

    /// A mapping's entries by key, reporting unknown keys (Yams already rejects repeated ones).
    func mapping(_ node: Node, allowed: [String], what: String) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping (key: value), found \(describe(node))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                error(key, "keys must be plain words, found \(describe(key))")
                continue
            }
            let name = k.string
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
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping (id: …), found \(describe(node))")
            return nil
        }
        var result: [(key: Node, name: String, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                error(key, "keys must be plain words, found \(describe(key))")
                continue
            }
            result.append((key, k.string, value))
        }
        return result
    }

    /// A sequence's items; a single scalar counts as a list of one (`before: 14d`).
    func list(_ node: Node, what: String) -> [Node]? {
        switch node {
        case .sequence(let seq): return Array(seq)
        case .scalar: return isNull(node) ? [] : [node]
        default:
            error(node, "\(what) must be a list, found \(describe(node))")
            return nil
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// A scalar's text as written.
    func text(_ node: Node, what: String) -> String? {
        guard case .scalar(let s) = node else {
            error(node, "\(what) must be a single value, found \(describe(node))")
            return nil
        }
        return s.string
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
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        default: return "an alias"
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

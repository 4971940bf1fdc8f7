import CYAML

/// Turns YAML text into ``Node``s with libyaml's event parser.
///
/// Scalars are never resolved to numbers, booleans or timestamps: `off` stays the word `off`
/// and `09:00` stays a time, so each reader decides what a value means where it is used.
/// Anchors and aliases work; a repeated key is reported at the repetition.
///
/// Reading is bounded whatever the input: nesting deeper than ``maxDepth`` is an error at the
/// line where the limit is passed (the reader recurses once per level, and 10,000 `[` would
/// otherwise overflow the stack), and aliases may not expand the document past ``maxNodes``
/// (a "billion laughs" file is small but every reader walking it would never finish).
struct YAMLReader {
    /// Deeper than any config needs (a schedule is five levels deep) and far from the stack's end.
    static let maxDepth = 64
    /// Nodes one file may hold once aliases are expanded: ten times a 10,000-milestone file.
    static let maxNodes = 5_000_000

    /// A mistake that stops reading, or one found on the way (a repeated key).
    struct Problem: Error {
        let line: Int
        let column: Int
        let message: String
    }

    private var parser = yaml_parser_t()
    /// The text being read, for looking at the place of a syntax error.
    private let input: [UInt8]
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var depth = 0
    /// Nodes read so far, every alias counted at its anchor's full size.
    private var nodes = 0
    private(set) var problems: [Problem] = []

    /// Parses `bytes` (UTF-8). Returns the document's root (an empty mapping for an empty file),
    /// or `nil` with the reason in ``problems`` when the text is not valid YAML.
    static func parse(_ bytes: [UInt8]) -> (root: Node?, problems: [Problem]) {
        var reader = YAMLReader(input: bytes)
        let root = bytes.withUnsafeBufferPointer { buffer in reader.read(buffer) }
        return (root, reader.problems)
    }

    private mutating func read(_ buffer: UnsafeBufferPointer<UInt8>) -> Node? {
        guard yaml_parser_initialize(&parser) == 1 else {
            problems.append(Problem(line: 0, column: 0, message: "out of memory"))
            return nil
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        do {
            var root: Node?
            while true {
                var event = try nextEvent()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root ?? Node(content: .mapping([]), line: 1, column: 1)
                case YAML_DOCUMENT_START_EVENT:
                    if root != nil {
                        throw Problem(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                                      message: "only one YAML document per file is read; remove this '---' and what follows")
                    }
                case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                    continue
                default:
                    root = try node(from: &event)
                }
            }
        } catch let problem as Problem {
            problems.append(problem)
            return nil
        } catch {
            return nil
        }
    }

    private mutating func nextEvent() throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxProblem() }
        return event
    }

    /// libyaml's complaint in the admin's words, at the place that caused it: an unclosed
    /// quote where it opens (libyaml notices it at the end of the file), a tab as a tab.
    private func syntaxProblem() -> Problem {
        let context = parser.context.map { String(cString: $0) } ?? ""
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let at = parser.problem_mark, opened = parser.context_mark
        func here(_ message: String) -> Problem {
            Problem(line: Int(at.line) + 1, column: Int(at.column) + 1, message: message)
        }
        if context.contains("quoted scalar") {
            return Problem(line: Int(opened.line) + 1, column: Int(opened.column) + 1,
                           message: "this quoted value is never closed (a missing \" or ')")
        }
        if problem.contains("cannot start any token") || problem.contains("tab") {
            return here(lineHasTab(at) ? "a tab in the indentation: YAML indents with spaces only"
                : "a character that cannot start a value here (quote values that begin with @, ` or %)")
        }
        if problem.contains("mapping values are not allowed") {
            return here(lineHasTab(at) ? "a tab in the indentation: YAML indents with spaces only"
                : "a ':' where a value was expected: quote a value that contains ': ', or check the indentation")
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return here(lineHasTab(at) ? "a tab in the indentation: YAML indents with spaces only"
                : "this line is indented differently from the lines above it at the same level")
        }
        if problem.contains("could not find expected ':'") {
            return here("a key without ':' after it, or a line that continues the one above without being indented")
        }
        if problem.contains("expected node content") {
            return here("a value was expected here (is a [ or { above it not closed?)")
        }
        if problem.contains("expected ',' or ']'") { return here("a list in [ ] is not closed (a missing ']' or ',')") }
        if problem.contains("expected ',' or '}'") { return here("a mapping in { } is not closed (a missing '}' or ',')") }
        return here("YAML syntax error: \(problem)")
    }

    /// Whether the problem's line has a tab before the problem's column.
    private func lineHasTab(_ mark: yaml_mark_t) -> Bool {
        let end = min(Int(mark.index), input.count)
        var i = end
        while i > 0 && input[i - 1] != UInt8(ascii: "\n") { i -= 1 }
        // The tab may also be what libyaml stopped at.
        let last = min(end + 1, input.count)
        return input[i..<last].contains(UInt8(ascii: "\t"))
    }

    /// Builds the node that starts with `event` (consuming its children's events).
    private mutating func node(from event: inout yaml_event_t) throws -> Node {
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        let before = nodes
        try count(1, line: line, column: column)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let node = Node(content: .scalar(text, plain: s.style == YAML_PLAIN_SCALAR_STYLE), line: line, column: column)
            if let anchor = s.anchor { anchors[String(cString: anchor)] = (node, 1) }
            return node
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                // The name is not quoted: a glob may have matched a credential file that starts with '*'.
                throw Problem(line: line, column: column, message: "YAML alias ('*name') names no anchor (&name) above it")
            }
            try count(target.size - 1, line: line, column: column)
            return target.node
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else {
                throw Problem(line: line, column: column,
                              message: "nesting deeper than \(Self.maxDepth) levels (lists or mappings inside each other); no config needs that many")
            }
            let node = try collection(from: &event, line: line, column: column)
            if let anchor = node.anchor { anchors[anchor] = (node.node, nodes - before) }
            return node.node
        default:
            throw Problem(line: line, column: column, message: "YAML syntax error: unexpected event")
        }
    }

    private mutating func count(_ added: Int, line: Int, column: Int) throws {
        nodes += added
        if nodes > Self.maxNodes {
            throw Problem(line: line, column: column,
                          message: "the file expands to more than \(Self.maxNodes) values through its aliases ('*name')")
        }
    }

    /// A sequence or mapping and its anchor, if it has one.
    private mutating func collection(from event: inout yaml_event_t, line: Int, column: Int) throws
        -> (node: Node, anchor: String?)
    {
        switch event.type {
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            var items: [Node] = []
            while true {
                var child = try nextEvent()
                defer { yaml_event_delete(&child) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(from: &child))
            }
            return (Node(content: .sequence(items), line: line, column: column), anchor)
        default:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            var pairs: [(key: Node, value: Node)] = []
            var seen: Set<String> = []
            while true {
                var keyEvent = try nextEvent()
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(from: &keyEvent)
                var valueEvent = try nextEvent()
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(from: &valueEvent)
                if case .scalar(let name, _) = key.content, !seen.insert(name).inserted {
                    problems.append(Problem(line: key.line, column: key.column,
                                            message: "'\(name)' is given twice in the same mapping"))
                    continue
                }
                pairs.append((key, value))
            }
            return (Node(content: .mapping(pairs), line: line, column: column), anchor)
        }
    }
}

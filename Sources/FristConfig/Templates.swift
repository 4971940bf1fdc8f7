import FristCore
import FristText
internal import Mustache

/// Mustache templates for messages: admins override the built-in texts per channel or project,
/// and a `webhook` channel may shape its whole JSON body. Compiled when the config is loaded,
/// so a broken template is reported by `frist check`, not at 9:00 on a deadline.
///
/// Texts render without HTML escaping; a webhook body escapes every value as a JSON string
/// fragment, so `{"text": "{{text}}"}` stays valid JSON whatever the title contains.
public enum Templates {
    /// Compiles a template; the error says where in the template it broke.
    public static func compile(_ text: String, json: Bool = false) throws(TemplateError) -> CompiledTemplate {
        try checkNesting(text)
        let pragma = json ? "{{% CONTENT_TYPE: FRIST_JSON}}" : "{{% CONTENT_TYPE: TEXT}}"
        _ = registered
        do {
            return CompiledTemplate(template: try MustacheTemplate(string: pragma + text))
        } catch let error as MustacheTemplate.ParserError {
            // The pragma sits in front of the first line: columns there are shifted by it.
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - pragma.count) : error.context.columnNumber
            throw TemplateError(line: line, column: column, message: "\(error.error)")
        } catch {
            throw TemplateError(line: 1, column: 1, message: "\(error)")
        }
    }

    /// Sections nested deeper than any message needs are refused before Mustache's parser,
    /// which recurses once per section, sees them. Changed delimiters would hide the sections
    /// from this count, so they are refused too.
    static let maxSectionDepth = 32

    private static func checkNesting(_ text: String) throws(TemplateError) {
        var depth = 0, line = 1, column = 1
        var bytes = text.utf8[...]
        while let b = bytes.first {
            if b == UInt8(ascii: "{"), bytes.starts(with: "{{".utf8) {
                let tag = bytes.dropFirst(2).first
                if tag == UInt8(ascii: "#") || tag == UInt8(ascii: "^") {
                    depth += 1
                    if depth > maxSectionDepth {
                        throw TemplateError(line: line, column: column,
                                            message: "sections are nested more than \(maxSectionDepth) deep")
                    }
                } else if tag == UInt8(ascii: "/") {
                    depth = max(0, depth - 1)
                } else if tag == UInt8(ascii: "=") {
                    throw TemplateError(line: line, column: column,
                                        message: "changing the delimiters ({{=…=}}) is not supported")
                }
            }
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            bytes = bytes.dropFirst()
        }
    }

    private static let registered: Void = MustacheContentTypes.register(JSONFragment(), named: "FRIST_JSON")

    /// Escapes values as the inside of a JSON string.
    private struct JSONFragment: MustacheContentType {
        func escapeText(_ text: String) -> String { JSONEscaping.escape(text) }
    }
}

/// Where and why a template does not compile (line and column within the template).
public struct TemplateError: Error, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// A compiled template, ready to render a message's variables.
public struct CompiledTemplate: Sendable {
    fileprivate let template: MustacheTemplate

    /// Renders with named values (strings, numbers, lists of dictionaries for sections).
    public func render(_ values: [String: Any]) -> String {
        template.render(values)
    }
}

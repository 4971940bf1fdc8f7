/// A YAML node as the admin wrote it: scalars keep their text (no type guessing), and every
/// node knows its line and column.
struct Node {
    enum Content {
        /// The text, and whether it was written plain (unquoted): only plain `null`/`~` mean null.
        case scalar(String, plain: Bool)
        case mapping([(key: Node, value: Node)])
        case sequence([Node])
    }

    let content: Content
    /// 1-based position of the node's first character.
    let line: Int
    let column: Int

    /// The value of the first entry with this scalar key, if the node is a mapping.
    subscript(key: String) -> Node? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { if case .scalar(key, _) = $0.key.content { true } else { false } }?.value
    }
}

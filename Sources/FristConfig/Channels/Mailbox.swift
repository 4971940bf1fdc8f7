import Foundation

/// A sender as written in `from` (`Frist <frist@kommune.dk>` or a bare address) and the
/// address in it: the SMTP envelope's sender, Graph's mailbox.
public struct Mailbox: Sendable, Hashable {
    /// As written: the `From:` header shows it.
    public let text: String
    /// Inside the last `<…>`, else the text without surrounding spaces.
    public let address: String

    /// Nil when `text` has no `@`.
    public init?(_ text: String) {
        guard text.contains("@") else { return nil }
        self.text = text
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            address = String(text[text.index(after: open)..<close])
        } else {
            address = text.trimmingCharacters(in: .whitespaces)
        }
    }
}

/// Who a project manager tells that a deadline is met, when reminders carry no "Meld
/// færdig" link (top-level `contact: {name: …, email: …}`): usually the admin who runs Frist.
public struct Contact: Sendable, Hashable {
    public let name: String
    public let email: String?

    public init(name: String, email: String?) {
        self.name = name
        self.email = email
    }
}

extension YAMLDocument {
    /// Reads `contact:`. `name` is required: a sentence naming only an address reads badly.
    func contact(_ node: Node) -> Contact? {
        guard let map = mapping(node, allowed: ["name", "email"], what: "contact") else { return nil }
        let email = map["email"].flatMap { emailAddress($0.value, what: "contact.email") }
        guard let nameNode = map["name"]?.value else {
            error(node, "contact needs 'name' (who to tell, e.g. {name: Frist-administrator, email: frist@kommune.dk})")
            return nil
        }
        return word(nameNode, what: "contact.name").map { Contact(name: $0, email: email) }
    }
}

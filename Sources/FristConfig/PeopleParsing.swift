/// Reads `people:`: names, e-mail addresses and chat handles.
extension YAMLDocument {
    static let personKeys = ["name", "email", "slack", "teams", "mattermost", "discord"]

    func people(_ node: Node) -> [String: Person] {
        var result: [String: Person] = [:]
        for (key, id, value) in entries(node, what: "people") ?? [] {
            guard identifier(key, what: "person id", allowUnderscore: true) != nil else { continue }
            guard let m = mapping(value, allowed: Self.personKeys, what: "person '\(id)'") else { continue }
            let name = m["name"].flatMap { word($0.value, what: "name") } ?? id
            let email = m["email"].flatMap { emailAddress($0.value, what: "email") }
            result[id] = Person(id: id, name: name, email: email, handles: handles(m))
        }
        return result
    }

    /// An e-mail address, checked lightly: one `@`, something before it, a dot after it, no
    /// spaces. Whether it exists only the mail server knows.
    func emailAddress(_ node: Node, what: String) -> String? {
        guard let e = word(node, what: what) else { return nil }
        guard Self.looksLikeEmail(e) else {
            error(node, "\(what) '\(e)' is not an e-mail address")
            return nil
        }
        return e
    }

    static func looksLikeEmail(_ e: String) -> Bool {
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !e.contains(" ")
    }

    /// The chat handles, each checked for the shape its system gives it, so a name typed where
    /// an ID belongs is caught here, not by a mention that silently pings nobody.
    private func handles(_ m: [String: (key: Node, value: Node)]) -> ChatHandles {
        var handles = ChatHandles()
        if let n = m["slack"]?.value, let t = word(n, what: "slack") {
            if Self.isSlackMemberID(t) { handles.slack = t } else {
                error(n, "slack '\(t)' is not a Slack member ID (U… or W…, e.g. U024BE7LH: in Slack, the person's profile → ⋮ → Copy member ID)")
            }
        }
        if let n = m["teams"]?.value, let t = word(n, what: "teams") {
            if Self.looksLikeEmail(t) || Self.isObjectID(t) { handles.teams = t } else {
                error(n, "teams '\(t)' is not a Microsoft 365 sign-in name (user principal name, usually the work e-mail, e.g. anne@kommune.dk) or object ID")
            }
        }
        if let n = m["mattermost"]?.value, let t = word(n, what: "mattermost") {
            // Written as people say it (`@anne`) or as Mattermost stores it (`anne`).
            let name = t.hasPrefix("@") ? String(t.dropFirst()) : t
            if Self.isMattermostUsername(name) { handles.mattermost = name } else {
                error(n, "mattermost '\(t)' is not a Mattermost username (a-z, 0-9, '.', '-', '_', e.g. anne.jensen)")
            }
        }
        if let n = m["discord"]?.value, let t = word(n, what: "discord") {
            if Self.isSnowflake(t) { handles.discord = t } else {
                error(n, "discord '\(t)' is not a Discord user ID (17–20 digits, e.g. \"80351110224678912\": Developer Mode on, then the user → Copy User ID)")
            }
        }
        return handles
    }

    static func isSlackMemberID(_ t: String) -> Bool {
        guard let first = t.first, first == "U" || first == "W", (9...15).contains(t.count) else { return false }
        return t.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// An Entra (Azure AD) object ID: a GUID, 8-4-4-4-12 hex digits.
    static func isObjectID(_ t: String) -> Bool {
        let groups = t.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isMattermostUsername(_ t: String) -> Bool {
        (1...64).contains(t.count) && t.first.map { ("a"..."z").contains($0) } == true
            && t.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".contains($0) }
    }

    /// A Discord snowflake as users copy it: 17 to 20 digits.
    static func isSnowflake(_ t: String) -> Bool {
        (17...20).contains(t.count) && t.allSatisfy { ("0"..."9").contains($0) }
    }
}

import Foundation

/// Reads the `channels` section.
extension YAMLDocument {
    static let commonChannelKeys = ["type", "insecure", "timeout", "rate", "templates", "max_body"]
    static let templateKeys = ["before", "due", "overdue", "escalation", "subject"]

    /// What admins write for a kind, from other tools' names for it.
    static let kindAliases = ["msteams": "teams", "ms-teams": "teams", "microsoft-teams": "teams", "mail": "email",
                              "smtp": "email", "e-mail": "email", "http": "webhook", "json": "webhook",
                              "rocketchat": "webhook", "element": "matrix", "stdout": "console"]

    /// Every name under `channels`, valid or not: a channel whose type is wrong is one mistake,
    /// not one more at every `notify` that names it.
    func channelNames(_ node: Node) -> Set<String> {
        guard case .mapping(let pairs) = node.content else { return [] }
        return Set(pairs.compactMap { if case .scalar(let name, _) = $0.key.content { name } else { nil } })
    }

    func channels(_ node: Node, resolve: (String) -> String) -> [String: ChannelConfig] {
        var result: [String: ChannelConfig] = [:]
        for (key, name, value) in entries(node, what: "channels") ?? [] {
            guard identifier(key, what: "channel name", allowUnderscore: true) != nil else { continue }
            if let channel = channel(name: name, value, resolve: resolve) { result[name] = channel }
        }
        return result
    }

    private func channel(name: String, _ node: Node, resolve: (String) -> String) -> ChannelConfig? {
        guard case .mapping = node.content else {
            error(node, "channel '\(name)' must be a mapping with a 'type', found \(describe(node))")
            return nil
        }
        // The kind decides which keys are allowed, so read `type` first.
        guard let typeNode = node["type"] else {
            error(node, "channel '\(name)' needs 'type' (one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard let typeText = text(typeNode, what: "channel type") else { return nil }
        guard let kind = ChannelKind(rawValue: typeText.lowercased()) else {
            let lower = typeText.lowercased()
            let hint = Self.kindAliases[lower] ?? suggestion(for: lower, among: ChannelKind.allCases.map(\.rawValue))
            error(typeNode, "unknown channel type '\(typeText)'" + (hint.map { " (did you mean '\($0)'?)" }
                ?? " (one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")))"))
            return nil
        }
        var allowed = Self.commonChannelKeys + kind.fields
        for field in kind.secretFields { allowed += [field + "_file", field + "_env"] }
        guard let map = mapping(node, allowed: allowed, what: "channel '\(name)' (\(kind.rawValue))") else { return nil }
        var c = ChannelConfig(name: name, kind: kind)
        let what = "channel '\(name)'"

        for field in kind.required {
            let present = [field, field + "_file", field + "_env"].filter { map[$0] != nil }
            guard present.isEmpty else { continue }
            let forms = kind.secretFields.contains(field) ? " (or '\(field)_file' / '\(field)_env' to keep it out of the config)" : ""
            error(node, "\(what) (\(kind.rawValue)) needs '\(field)'\(forms)")
        }
        for field in kind.secretFields {
            let forms = [field, field + "_file", field + "_env"].filter { map[$0] != nil }
            if forms.count > 1, let n = map[forms[1]]?.key {
                error(n, "\(what): give only one of \(forms.joined(separator: ", "))")
            }
        }
        if let n = map["url"]?.value {
            if kind.secretFields.contains("url") {
                // Checked for shape without ever echoing the value: it carries a credential.
                if let t = text(n, what: "url") {
                    if validURL(t, schemes: ["https", "http"]) { c.url = .inline(t) } else {
                        let why = t.utf8.count > Self.maxURLBytes ? "is longer than 8 KB" : "is not an http(s) URL"
                        error(n, "\(what): url \(why) (value not shown: it is a secret)")
                    }
                }
            } else if let t = word(n, what: "url") {
                let schemes = kind == .email ? ["smtp", "smtps"] : ["https", "http"]
                if kind == .graph, let problem = Self.credentialURLProblem(t) {
                    // Graph gets a bearer token: never over plain http to another machine.
                    error(n, "\(what): url '\(t)' \(problem)")
                } else if validURL(t, schemes: schemes) { c.url = .inline(t) } else {
                    error(n, "\(what): url '\(t)' must be a \(schemes.map { $0 + "://" }.joined(separator: " or ")) URL")
                }
            }
        }
        c.url = c.url ?? secret(map, "url", resolve: resolve)
            ?? (kind == .graph && map["url"] == nil ? .inline("https://graph.microsoft.com") : nil)
        c.token = secret(map, "token", resolve: resolve)
        c.password = secret(map, "password", resolve: resolve)
        if let n = map["method"]?.value {
            c.method = choice(n, what: "method", ["post", "put", "patch", "get"].map { ($0, $0.uppercased()) })
        }
        if let n = map["headers"]?.value {
            for (_, header, value) in entries(n, what: "headers") ?? [] {
                if let v = headerValue(value, what: "header '\(header)'", resolve: resolve) { c.headers[header] = v }
            }
        }
        if let n = map["body"]?.value, let body = text(n, what: "body"), template(body, at: n, what: "body", json: true) {
            c.body = body
            c.bodyLocation = "\(file):\(n.line):\(n.column)"
        }
        if let n = map["room"]?.value { c.room = word(n, what: "room") }
        if let n = map["topic"]?.value { c.topic = word(n, what: "topic") }
        if let n = map["from"]?.value {
            if let t = word(n, what: "from") {
                if t.contains("@") { c.from = t } else { error(n, "\(what): from '\(t)' has no e-mail address") }
            }
        }
        if let n = map["username"]?.value { c.username = word(n, what: "username") }
        if let entry = map["oauth2"] {
            c.oauth2 = oauth2(entry.value, kind: kind, what: what, resolve: resolve)
            if kind == .email {
                if let password = ["password", "password_file", "password_env"].first(where: { map[$0] != nil }) {
                    error(map[password]?.key, "\(what): give oauth2 or \(password), not both")
                }
                if map["username"] == nil {
                    error(entry.key, "\(what): oauth2 needs 'username': the mailbox it sends as (e.g. frist@kommune.dk)")
                }
            }
        }
        if let n = map["save_to_sent"]?.value { c.saveToSent = bool(n, what: "save_to_sent") ?? false }
        if let n = map["starttls"]?.value {
            // `off` arrives as the word the admin wrote, not as a YAML boolean.
            c.startTLS = choice(n, what: "starttls", StartTLS.allCases.map { ($0.rawValue, $0) }) ?? .required
        } else if kind == .email, case .inline(let url)? = c.url, Self.isLoopback(URLComponents(string: url)?.host) {
            // A relay on this machine (Postfix on localhost) rarely has a certificate; the wire never leaves the host.
            c.startTLS = .optional
        }
        if let n = map["insecure"]?.value { c.insecure = bool(n, what: "insecure") ?? false }
        if let n = map["timeout"]?.value, let s = duration(n, what: "timeout") {
            if s >= 1 && s <= 600 { c.timeoutSeconds = s } else { error(n, "\(what): timeout must be 1s to 10m") }
        }
        if let n = map["max_body"]?.value, let bytes = size(n, what: "max_body") {
            if bytes >= 1024 && bytes <= 64 * 1024 * 1024 { c.maxBody = bytes } else {
                error(n, "\(what): max_body must be 1KB to 64MB")
            }
        }
        if let n = map["rate"]?.value { c.rate = rate(n) }
        if let n = map["templates"]?.value { c.templates = templates(n) }
        return c
    }

    /// Message templates by kind (`before`, `due`, `overdue`, `escalation`, `subject`), each compiled now.
    func templates(_ node: Node) -> [String: String] {
        var result: [String: String] = [:]
        for (name, entry) in mapping(node, allowed: Self.templateKeys, what: "templates") ?? [:] {
            if let t = text(entry.value, what: "template '\(name)'"), template(t, at: entry.value, what: "template '\(name)'") {
                result[name] = t
            }
        }
        return result
    }

    /// Whether a Mustache template compiles; if not, the error names the template's own line and column.
    func template(_ text: String, at node: Node, what: String, json: Bool = false) -> Bool {
        do {
            _ = try Templates.compile(text, json: json)
            return true
        } catch {
            self.error(node, "\(what) does not compile: \(error.message) (template line \(error.line), column \(error.column))")
            return false
        }
    }

    /// A header's value: plain text, or a mapping with exactly one of `value`, `value_file`,
    /// `value_env` for a secret. Errors name the header and keys, never the value.
    private func headerValue(_ node: Node, what: String, resolve: (String) -> String) -> HeaderValue? {
        guard case .mapping(let pairs) = node.content else { return text(node, what: what).map(HeaderValue.text) }
        let forms = ["value", "value_file", "value_env"]
        // An unknown key is reported by `mapping` already: one mistake, one message.
        guard let map = mapping(node, allowed: forms, what: what), map.count == pairs.count else { return nil }
        let given = forms.filter { map[$0] != nil }
        guard given.count == 1 else {
            let at = given.count > 1 ? map[given[1]]?.key : node
            error(at, "\(what) needs exactly one of \(forms.joined(separator: ", "))")
            return nil
        }
        return secret(map, "value", resolve: resolve).map(HeaderValue.secret)
    }

    /// `x`, `x_file` or `x_env`; relative files resolve against the config's folder.
    func secret(_ map: [String: (key: Node, value: Node)], _ field: String, resolve: (String) -> String) -> Secret? {
        if let n = map[field]?.value, field != "url" {
            return text(n, what: field).map(Secret.inline)
        }
        if let n = map[field + "_file"]?.value, let path = word(n, what: field + "_file") {
            let resolved = resolve(path)
            // Not an error: a systemd credential exists only under the service (/run/credentials/…).
            if !FileManager.default.fileExists(atPath: resolved) {
                diagnostics.warn(file, n, "\(field)_file '\(path)' does not exist here; the channel cannot send "
                    + "unless it exists for the daemon (a systemd credential does)")
            }
            return .file(resolved)
        }
        if let n = map[field + "_env"]?.value, let name = word(n, what: field + "_env") {
            return .environment(name)
        }
        return nil
    }

    /// A size in bytes: `262144`, `256KB`, `256k`, `1MB`, `1m` (KB and MB are 1024-based).
    func size(_ node: Node, what: String) -> Int? {
        guard let t = text(node, what: what) else { return nil }
        let lower = t.lowercased().replacingOccurrences(of: " ", with: "")
        let units: [(String, Int)] = [("kb", 1024), ("k", 1024), ("mb", 1024 * 1024), ("m", 1024 * 1024), ("b", 1), ("", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            if let n = Int(lower.dropLast(suffix.count)), n >= 0, n <= Int(Int32.max) { return n * factor }
        }
        error(node, "\(what) '\(t)' is not a size (e.g. 256KB, 1MB or a number of bytes)")
        return nil
    }

    /// `N/s`, `N/min`, `N/h` (also `N/second`, `N/minute`, `N/hour`).
    private func rate(_ node: Node) -> RateLimit? {
        guard let t = text(node, what: "rate") else { return nil }
        let parts = t.replacingOccurrences(of: " ", with: "").split(separator: "/")
        let units = ["s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600]
        if parts.count == 2, let n = Int(parts[0]), n >= 1, let per = units[String(parts[1])] {
            return RateLimit(count: n, perSeconds: per)
        }
        error(node, "rate '\(t)' must look like 30/min, 1/s or 100/h")
        return nil
    }

    /// `localhost`, `127.x.y.z` or `::1`.
    static func isLoopback(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// URLs past 8 KB are refused by most servers and proxies anyway; refusing them here keeps
    /// every later step (parsing, masking) bounded.
    static let maxURLBytes = 8192

    private func validURL(_ text: String, schemes: [String]) -> Bool {
        guard text.utf8.count <= Self.maxURLBytes, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              schemes.contains(scheme), let host = url.host, !host.isEmpty else { return false }
        return true
    }
}

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

    /// The valid channels, and the kind of every channel whose type and keys could be read,
    /// valid or not: a digest naming a channel with a mistake in it is checked against its
    /// kind, not reported once more as an unknown channel.
    func channels(_ node: Node, resolve: (String) -> String) -> (valid: [String: ChannelConfig], kinds: [String: ChannelKind]) {
        var valid: [String: ChannelConfig] = [:]
        var kinds: [String: ChannelKind] = [:]
        for (key, name, value) in entries(node, what: "channels") ?? [] {
            guard identifier(key, what: "channel name", allowUnderscore: true) != nil else { continue }
            guard let read = channel(name: name, value, resolve: resolve) else { continue }
            kinds[name] = read.kind
            valid[name] = read.channel
        }
        return (valid, kinds)
    }

    /// A channel's keys, as ``mapping(_:allowed:what:)`` reads them.
    private typealias Keys = [String: (key: Node, value: Node)]

    /// The channel's kind once its `type` and keys are read, and the channel if nothing in it
    /// is wrong (every mistake reported).
    private func channel(name: String, _ node: Node, resolve: (String) -> String) -> (kind: ChannelKind, channel: ChannelConfig?)? {
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
        let settings: ChannelSettings? = switch kind {
        case .console: .console
        case .webhook: webhook(map, what: what, resolve: resolve).map(ChannelSettings.webhook)
        case .slack: webhookURL(map, what: what, resolve: resolve).map(ChannelSettings.slack(url:))
        case .teams: webhookURL(map, what: what, resolve: resolve).map(ChannelSettings.teams(url:))
        case .mattermost: webhookURL(map, what: what, resolve: resolve).map(ChannelSettings.mattermost(url:))
        case .discord: webhookURL(map, what: what, resolve: resolve).map(ChannelSettings.discord(url:))
        case .matrix: matrix(map, what: what, resolve: resolve).map(ChannelSettings.matrix)
        case .ntfy: ntfy(map, what: what, resolve: resolve).map(ChannelSettings.ntfy)
        case .gotify: gotify(map, what: what, resolve: resolve).map(ChannelSettings.gotify)
        case .email: email(map, what: what, resolve: resolve).map(ChannelSettings.email)
        case .graph: graph(map, what: what, resolve: resolve).map(ChannelSettings.graph)
        }

        let insecure = map["insecure"].flatMap { bool($0.value, what: "insecure") } ?? false
        var timeout = 30
        if let n = map["timeout"]?.value, let s = duration(n, what: "timeout") {
            if s >= 1 && s <= 600 { timeout = s } else { error(n, "\(what): timeout must be 1s to 10m") }
        }
        var maxBody = ChannelConfig.defaultMaxBody
        if let n = map["max_body"]?.value, let bytes = size(n, what: "max_body") {
            if bytes >= 1024 && bytes <= 64 * 1024 * 1024 { maxBody = bytes } else {
                error(n, "\(what): max_body must be 1KB to 64MB")
            }
        }
        let rate = map["rate"].flatMap { self.rate($0.value) }
        let templates = map["templates"].map { self.templates($0.value) } ?? [:]
        guard let settings else { return (kind, nil) }
        return (kind, ChannelConfig(name: name, settings: settings, insecure: insecure, timeoutSeconds: timeout,
                                    maxBody: maxBody, rate: rate, templates: templates))
    }

    // MARK: Each kind's keys
    //
    // Each reads its kind's keys into its settings, or nil when a required one is missing
    // (reported above) or wrong (reported here). An optional value that cannot be read is
    // reported and left out: a config with any mistake does not load.

    /// `url` (a secret), `method`, `headers`, `body`.
    private func webhook(_ map: Keys, what: String, resolve: (String) -> String) -> WebhookSettings? {
        let url = webhookURL(map, what: what, resolve: resolve)
        let method = map["method"].flatMap {
            choice($0.value, what: "method", ["post", "put", "patch", "get"].map { ($0, $0.uppercased()) })
        } ?? "POST"
        var headers: [String: HeaderValue] = [:]
        if let n = map["headers"]?.value {
            for (_, header, value) in entries(n, what: "headers") ?? [] {
                if let v = headerValue(value, what: "header '\(header)'", resolve: resolve) { headers[header] = v }
            }
        }
        var body: WebhookBody?
        if let n = map["body"]?.value, let source = text(n, what: "body"),
           let compiled = template(source, at: n, what: "body", json: true) {
            body = WebhookBody(source: source, location: "\(file):\(n.line):\(n.column)", template: compiled)
        }
        guard let url else { return nil }
        return WebhookSettings(url: url, method: method, headers: headers, body: body)
    }

    /// A webhook's `url`: inline (checked for shape without ever echoing the value: it carries a
    /// credential), else `url_file` or `url_env`.
    private func webhookURL(_ map: Keys, what: String, resolve: (String) -> String) -> Secret? {
        if let n = map["url"]?.value, let t = text(n, what: "url") {
            if validURL(t, schemes: ["https", "http"]) { return .inline(t) }
            let why = t.utf8.count > Self.maxURLBytes ? "is longer than 8 KB" : "is not an http(s) URL"
            error(n, "\(what): url \(why) (value not shown: it is a secret)")
        }
        return secret(map, "url", resolve: resolve)
    }

    /// `url` (the homeserver), `room`, `token`.
    private func matrix(_ map: Keys, what: String, resolve: (String) -> String) -> MatrixSettings? {
        let homeserver = serverURL(map, what: what)
        let token = secret(map, "token", resolve: resolve)
        let room = map["room"].flatMap { word($0.value, what: "room") }
        guard let homeserver, let room, let token else { return nil }
        return MatrixSettings(homeserver: homeserver, room: room, token: token)
    }

    /// `url` (the server), `topic`, an optional `token`.
    private func ntfy(_ map: Keys, what: String, resolve: (String) -> String) -> NtfySettings? {
        let server = serverURL(map, what: what)
        let token = secret(map, "token", resolve: resolve)
        let topic = map["topic"].flatMap { word($0.value, what: "topic") }
        guard let server, let topic else { return nil }
        return NtfySettings(server: server, topic: topic, token: token)
    }

    /// `url` (the server), `token`.
    private func gotify(_ map: Keys, what: String, resolve: (String) -> String) -> GotifySettings? {
        let server = serverURL(map, what: what)
        let token = secret(map, "token", resolve: resolve)
        guard let server, let token else { return nil }
        return GotifySettings(server: server, token: token)
    }

    /// `url` (smtp:// or smtps://), `from`, `username` with `password` or `oauth2`, `starttls`.
    private func email(_ map: Keys, what: String, resolve: (String) -> String) -> EmailSettings? {
        let server = serverURL(map, schemes: ["smtp", "smtps"], what: what)
        let password = secret(map, "password", resolve: resolve)
        let from = mailbox(map, what: what)
        let username = map["username"].flatMap { word($0.value, what: "username") }
        var authentication: EmailSettings.Authentication? =
            username == nil && password == nil ? EmailSettings.Authentication.none : .password(username: username, password: password)
        if let entry = map["oauth2"] {
            let oauth2 = self.oauth2(entry.value, kind: .email, what: what, resolve: resolve)
            if let password = ["password", "password_file", "password_env"].first(where: { map[$0] != nil }) {
                error(map[password]?.key, "\(what): give oauth2 or \(password), not both")
            }
            if map["username"] == nil {
                error(entry.key, "\(what): oauth2 needs 'username': the mailbox it sends as (e.g. frist@kommune.dk)")
            }
            authentication = if let username, let oauth2 { .oauth2(username: username, oauth2) } else { nil }
        }
        let startTLS: StartTLS?
        if let n = map["starttls"]?.value {
            // `off` arrives as the word the admin wrote, not as a YAML boolean.
            startTLS = choice(n, what: "starttls", StartTLS.allCases.map { ($0.rawValue, $0) })
        } else if let server, Self.isLoopback(URLComponents(string: server)?.host) {
            // A relay on this machine (Postfix on localhost) rarely has a certificate; the wire never leaves the host.
            startTLS = .optional
        } else {
            startTLS = .required
        }
        guard let server, let from, let authentication, let startTLS else { return nil }
        return EmailSettings(server: server, from: from, authentication: authentication, startTLS: startTLS)
    }

    /// `url` (default Graph's own), `from`, `oauth2`, `save_to_sent`.
    private func graph(_ map: Keys, what: String, resolve: (String) -> String) -> GraphSettings? {
        // Graph gets a bearer token: never over plain http to another machine.
        let url = map["url"] == nil ? GraphSettings.defaultURL : serverURL(map, credential: true, what: what)
        let from = mailbox(map, what: what)
        let oauth2 = map["oauth2"].flatMap { self.oauth2($0.value, kind: .graph, what: what, resolve: resolve) }
        let saveToSent = map["save_to_sent"].flatMap { bool($0.value, what: "save_to_sent") } ?? false
        guard let url, let from, let oauth2 else { return nil }
        return GraphSettings(url: url, from: from, oauth2: oauth2, saveToSent: saveToSent)
    }

    /// A server's `url`, written inline: an address, not a secret. `credential`: a token goes
    /// to it, so plain http only to this machine.
    private func serverURL(_ map: Keys, schemes: [String] = ["https", "http"], credential: Bool = false,
                           what: String) -> String? {
        guard let n = map["url"]?.value, let t = word(n, what: "url") else { return nil }
        if credential, let problem = Self.credentialURLProblem(t) {
            error(n, "\(what): url '\(t)' \(problem)")
        } else if validURL(t, schemes: schemes) {
            return t
        } else {
            error(n, "\(what): url '\(t)' must be a \(schemes.map { $0 + "://" }.joined(separator: " or ")) URL")
        }
        return nil
    }

    /// `from`, which must name an address (`email`, `graph`).
    private func mailbox(_ map: Keys, what: String) -> Mailbox? {
        guard let n = map["from"]?.value, let t = word(n, what: "from") else { return nil }
        guard let mailbox = Mailbox(t) else {
            error(n, "\(what): from '\(t)' has no e-mail address")
            return nil
        }
        return mailbox
    }

    /// Message templates by kind (`before`, `due`, `overdue`, `escalation`, `subject`), each compiled now.
    func templates(_ node: Node) -> [String: String] {
        var result: [String: String] = [:]
        for (name, entry) in mapping(node, allowed: Self.templateKeys, what: "templates") ?? [:] {
            if let t = text(entry.value, what: "template '\(name)'"), template(t, at: entry.value, what: "template '\(name)'") != nil {
                result[name] = t
            }
        }
        return result
    }

    /// A Mustache template, compiled; if it does not compile, the error names the template's own
    /// line and column.
    func template(_ text: String, at node: Node, what: String, json: Bool = false) -> CompiledTemplate? {
        do {
            return try Templates.compile(text, json: json)
        } catch {
            self.error(node, "\(what) does not compile: \(error.message) (template line \(error.line), column \(error.column))")
            return nil
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

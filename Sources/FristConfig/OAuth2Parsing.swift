import Foundation

/// Reads a channel's `oauth2:` section.
extension YAMLDocument {
    static let oauth2Keys = ["tenant", "token_url", "client_id", "client_secret", "client_secret_file",
                             "client_secret_env", "client_certificate_file", "client_key_file", "client_key_env", "scope"]

    /// The client credentials, or nil after reporting every mistake in them. Secrets are named,
    /// never quoted.
    func oauth2(_ node: Node, kind: ChannelKind, what: String, resolve: (String) -> String) -> OAuth2Settings? {
        guard let map = mapping(node, allowed: Self.oauth2Keys, what: "\(what): oauth2") else { return nil }
        var ok = true
        var tokenURL: String?
        switch (map["tenant"], map["token_url"]) {
        case (nil, nil):
            error(node, "\(what): oauth2 needs 'tenant' (your Entra ID tenant id or domain) or 'token_url'")
            ok = false
        case (.some, .some(let given)):
            error(given.key, "\(what): oauth2 takes 'tenant' or 'token_url', not both")
            ok = false
        case (let tenant?, nil):
            if let t = word(tenant.value, what: "tenant") {
                if t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) {
                    tokenURL = OAuth2Settings.entraTokenURL(tenant: t)
                } else {
                    error(tenant.value, "\(what): tenant '\(t)' is not a tenant id or domain (e.g. 0f1e2d3c-… or kommune.onmicrosoft.com)")
                }
            }
        case (nil, let given?):
            if let t = word(given.value, what: "token_url") {
                if let problem = Self.credentialURLProblem(t) {
                    error(given.value, "\(what): token_url '\(t)' \(problem)")
                } else {
                    tokenURL = t
                }
            }
        }
        let clientID = map["client_id"].flatMap { word($0.value, what: "client_id") }
        if map["client_id"] == nil {
            error(node, "\(what): oauth2 needs 'client_id' (the application (client) id of the app registration)")
        }
        let sources = ["client_secret", "client_secret_file", "client_secret_env", "client_certificate_file"]
            .filter { map[$0] != nil }
        if sources.isEmpty {
            error(node, "\(what): oauth2 needs 'client_secret_file' (a systemd credential), 'client_secret_env', "
                + "'client_secret', or 'client_certificate_file' with 'client_key_file'")
            ok = false
        } else if sources.count > 1, let n = map[sources[1]]?.key {
            error(n, "\(what): oauth2 takes only one of \(sources.joined(separator: ", "))")
            ok = false
        }
        let credential: OAuth2Settings.Credential?
        if !ok {
            credential = nil  // one mistake in the sources is one message, not one more for each
        } else if let n = map["client_certificate_file"]?.value {
            credential = certificate(map, at: n, what: what, resolve: resolve)
        } else {
            for key in ["client_key_file", "client_key_env"] where map[key] != nil {
                error(map[key]?.key, "\(what): \(key) goes with client_certificate_file, which is missing")
                ok = false
            }
            credential = secret(map, "client_secret", resolve: resolve).map(OAuth2Settings.Credential.secret)
        }
        var scope = kind.defaultScope ?? ""
        if let n = map["scope"]?.value, let s = word(n, what: "scope") {
            if let url = URLComponents(string: s), url.scheme?.isEmpty == false, url.host?.isEmpty == false {
                scope = s
            } else {
                error(n, "\(what): scope '\(s)' is not a URL (e.g. \(kind.defaultScope ?? "https://graph.microsoft.com/.default"))")
                ok = false
            }
        }
        guard ok, let tokenURL, let clientID, let credential else { return nil }
        return OAuth2Settings(tokenURL: tokenURL, clientID: clientID, credential: credential, scope: scope)
    }

    /// `client_certificate_file` (PEM, read at each token request) with the private key
    /// (`client_key_file` or `client_key_env`, a secret).
    private func certificate(_ map: [String: (key: Node, value: Node)], at node: Node, what: String,
                             resolve: (String) -> String) -> OAuth2Settings.Credential? {
        guard let path = word(node, what: "client_certificate_file") else { return nil }
        let file = resolve(path)
        if !FileManager.default.fileExists(atPath: file) {
            diagnostics.warn(self.file, node, "client_certificate_file '\(path)' does not exist here; the channel cannot "
                + "get a token unless it exists for the daemon")
        }
        let keys = ["client_key_file", "client_key_env"].filter { map[$0] != nil }
        guard !keys.isEmpty else {
            error(node, "\(what): client_certificate_file needs 'client_key_file' (its private key, PEM)")
            return nil
        }
        if keys.count > 1 {
            error(map[keys[1]]?.key, "\(what): oauth2 takes only one of client_key_file, client_key_env")
            return nil
        }
        return secret(map, "client_key", resolve: resolve).map { .certificate(file: file, key: $0) }
    }

    /// Why a URL that credentials or tokens are sent to cannot be used: not http(s), or plain
    /// http to another machine (the secret would cross the network in clear text). Nil: fine.
    static func credentialURLProblem(_ text: String) -> String? {
        guard text.utf8.count <= maxURLBytes, let url = URLComponents(string: text),
              let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              let host = url.host, !host.isEmpty else { return "is not an https:// URL" }
        if scheme == "http" && !isLoopback(host) { return "must be https:// (only a server on this machine may use http://)" }
        return nil
    }
}

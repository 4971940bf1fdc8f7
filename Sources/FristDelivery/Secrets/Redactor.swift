import Foundation
import Synchronization

/// The one place that keeps secrets out of logs, errors and command output: every line that
/// may contain gateway data passes through ``redact(_:)``.
///
/// It knows every secret value read so far, and also masks what looks like a credential in
/// a URL (user info, and the path of known webhook hosts), in case a gateway echoes one back.
public final class Redactor: Sendable {
    private let secrets = Mutex<Set<String>>([])
    public static let mask = "••••"

    public init() {}

    /// Remembers a secret value (and, for URLs, the parts of it that carry the credential).
    public func register(_ value: String) {
        guard value.count >= 4 else { return }
        secrets.withLock { set in
            set.insert(value)
            if let url = URLComponents(string: value) {
                if !url.percentEncodedPath.isEmpty && url.percentEncodedPath != "/" { set.insert(url.percentEncodedPath) }
                if let query = url.percentEncodedQuery, query.count >= 4 { set.insert(query) }
                if let password = url.password, password.count >= 4 { set.insert(password) }
            }
        }
    }

    /// `text` with every known secret replaced by ``mask``, longest first.
    public func redact(_ text: String) -> String {
        let known = secrets.withLock { $0 }.sorted { $0.count > $1.count }
        var out = text
        for s in known where out.contains(s) {
            out = out.replacingOccurrences(of: s, with: Self.mask)
        }
        return out
    }
}

/// A value that must never reach logs, errors or output: a webhook URL, a token, a password.
///
/// Given inline, as `x_file` (read each time it is used, so a rotated credential needs no
/// reload) or as `x_env`. ``description`` never shows the value.
public enum Secret: Sendable, Hashable, CustomStringConvertible {
    case inline(String)
    case file(String)
    case environment(String)

    /// Where the secret comes from, without the secret itself.
    public var description: String {
        switch self {
        case .inline: return "(inline secret)"
        case .file(let path): return "(secret from file \(path))"
        case .environment(let name): return "(secret from $\(name))"
        }
    }
}

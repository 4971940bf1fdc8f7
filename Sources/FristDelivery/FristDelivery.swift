/// Delivery of reminders: the libcurl transport, one notifier per channel kind, message texts,
/// the retry policy and the handling of secrets.
public enum FristDelivery {
    /// Frist's version, the one place it is written: `frist --version` and the `User-Agent`
    /// of every request say it.
    public static let version = "0.1.0"
}

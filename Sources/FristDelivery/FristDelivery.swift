/// Delivery of reminders: the libcurl transport, one notifier per channel kind, message texts,
/// the retry policy and the handling of secrets.
public enum FristDelivery {
    public static let version = "0.1.0"
}

/// Comparing secrets (the HTTP token, an ack link's signature) without the time it takes
/// telling how much of a guess was right: every byte is looked at, whatever differs first.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Different lengths are unequal, still after a
    /// full pass over the longer one.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}

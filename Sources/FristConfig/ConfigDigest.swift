import Foundation

/// A short digest of the configuration's files (64-bit FNV-1a over their bytes, in order): two
/// nodes whose digests differ run different configurations. A fingerprint, not a security check.
enum ConfigDigest {
    static func of(_ files: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in files {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            for byte in bytes + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

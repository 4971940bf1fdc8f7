import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc  // memchr, memcmp
#elseif canImport(Musl)
import Musl
#endif

/// The one place that keeps secrets out of logs, errors and command output: every line that
/// may contain gateway data passes through ``redact(_:)``.
///
/// It knows every secret value read so far and the pieces of it a gateway may echo on their
/// own (see ``SecretParts``). Registering does the work once; ``redact(_:)`` runs on every
/// reply of a burst, so it only scans bytes against a list kept sorted longest first.
public final class Redactor: Sendable {
    private let state = Mutex(Known())
    public static let mask = "••••"

    /// The registered values, and the byte strings to mask, longest first so that a secret is
    /// masked whole before a piece of it could split it.
    private struct Known {
        var values: Set<String> = []
        var parts: Set<String> = []
        var longestFirst: [[UInt8]] = []
    }

    public init() {}

    /// Remembers a secret value and its significant parts. Cheap when the value is known
    /// already: secrets are resolved, and so registered, at every send.
    public func register(_ value: String) {
        guard value.count >= 4, !state.withLock({ $0.values.contains(value) }) else { return }
        let parts = SecretParts.of(value)
        state.withLock { known in
            known.values.insert(value)
            let new = parts.subtracting(known.parts)
            guard !new.isEmpty else { return }
            known.parts.formUnion(new)
            known.longestFirst = known.parts.map { Array($0.utf8) }.sorted { $0.count > $1.count }
        }
    }

    /// `text` with every known secret and part replaced by ``mask``, longest first.
    public func redact(_ text: String) -> String {
        let known = state.withLock { $0.longestFirst }
        guard !known.isEmpty else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for secret in known where Self.mask(secret, in: &bytes) { changed = true }
        // A valid UTF-8 secret found in valid UTF-8 starts and ends on a character boundary.
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    private static let maskBytes = Array(mask.utf8)

    /// Replaces every occurrence of `secret` in `bytes`; whether there was one.
    private static func mask(_ secret: [UInt8], in bytes: inout [UInt8]) -> Bool {
        var found: [Int] = []
        bytes.withUnsafeBytes { haystack in
            secret.withUnsafeBytes { needle in
                var from = 0
                while let at = find(needle, in: haystack, from: from) {
                    found.append(at)
                    from = at + needle.count
                }
            }
        }
        for at in found.reversed() { bytes.replaceSubrange(at..<at + secret.count, with: maskBytes) }
        return !found.isEmpty
    }

    /// The first offset at or after `from` where `needle` (not empty) starts: `memchr` to each
    /// candidate first byte, `memcmp` for the rest.
    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        let last = haystack.count - needle.count
        var at = from
        while at <= last, let base = haystack.baseAddress {
            guard let hit = memchr(base + at, Int32(needle[0]), last - at + 1) else { return nil }
            at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return at }
            at += 1
        }
        return nil
    }
}

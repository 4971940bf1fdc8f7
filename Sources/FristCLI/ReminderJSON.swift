import FristCore
import FristDelivery
import Glibc

/// Writes reminders as `--json` lines (a contract: these keys in this order, no spaces) to
/// standard output. Lines are formatted straight into a fixed buffer, each milestone's fixed
/// parts escaped once, because `upcoming --json` over years prints millions of lines.
final class ReminderJSONWriter {
    let plan: Plan
    private let capacity = 1 << 16
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    /// Per milestone: `"project/milestone@`, `","project":…,"milestone":…` and the arrays.
    private var fragments: [Fragments?]

    private final class Fragments {
        let keyPrefix: [UInt8]
        let names: [UInt8]
        let recipients: [UInt8]
        let escalationRecipients: [UInt8]
        let channels: [UInt8]

        init(keyPrefix: [UInt8], names: [UInt8], recipients: [UInt8], escalationRecipients: [UInt8], channels: [UInt8]) {
            self.keyPrefix = keyPrefix
            self.names = names
            self.recipients = recipients
            self.escalationRecipients = escalationRecipients
            self.channels = channels
        }
    }

    /// `YYYY-MM-DD` of recently written days, direct-mapped: lines in time order repeat them.
    private var dateCacheDays = [Int](repeating: Int.min, count: 1024)
    private var dateCacheText = [(UInt64, UInt16)](repeating: (0, 0), count: 1024)

    /// Longest line: fixed text, dates and ids; ids and names are bounded by the config rules,
    /// but recipient and channel lists are not, so long fragments go through `write`.
    private static let slack = 4096

    init(plan: Plan) {
        self.plan = plan
        fragments = Array(repeating: nil, count: plan.milestones.count)
        buffer = .allocate(capacity: capacity + Self.slack)
    }

    deinit { buffer.deallocate() }

    /// Writes what is buffered to standard output.
    func flush() {
        var done = 0
        while done < count {
            let n = Glibc.write(1, buffer + done, count - done)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                break  // stdout closed (e.g. piped into head): nothing more to do
            }
            done += n
        }
        count = 0
    }

    /// One reminder as a line, newline included.
    func append(_ r: Reminder) {
        if count > capacity { flush() }
        let f = fragments(Int(r.milestone))
        literal("{\"key\":")
        bytes(f.keyPrefix)
        date(Int(r.occurrence))
        byte(UInt8(ascii: "#"))
        keySuffix(r.kind)
        literal("\",\"at\":\"")
        wallClock(r.instant)
        literal("Z\",\"local\":\"")
        wallClock(r.instant + Int64(r.utcOffset))
        offset(Int(r.utcOffset))
        kind(r.kind)
        bytes(f.names)
        literal(",\"occurrence\":\"")
        date(Int(r.occurrence))
        literal("\",\"due\":\"")
        date(Int(r.due))
        literal("\",\"recipients\":")
        if case .escalation = r.kind { bytes(f.escalationRecipients) } else { bytes(f.recipients) }
        literal(",\"channels\":")
        bytes(f.channels)
        literal("}\n")
    }

    /// One digest going out as a line in the same format: `project` is `digest`, `milestone`
    /// the digest's id, `occurrence` the rule's date, `due` the date it goes out.
    func append(_ o: DigestPlan.Occurrence, of digest: Digest) {
        if count > capacity { flush() }
        literal("{\"key\":")
        bytes(Self.quoted(o.key))
        literal(",\"at\":\"")
        wallClock(o.instant)
        literal("Z\",\"local\":\"")
        wallClock(o.instant + Int64(o.utcOffset))
        offset(o.utcOffset)
        kind(.digest)
        literal(",\"project\":")
        bytes(Self.quoted(Digest.namespace))
        literal(",\"milestone\":")
        bytes(Self.quoted(digest.id))
        literal(",\"occurrence\":\"")
        date(o.occurrence)
        literal("\",\"due\":\"")
        date(o.date)
        literal("\",\"recipients\":")
        bytes(Self.array(digest.people))
        literal(",\"channels\":")
        bytes(Self.array(digest.channels))
        literal("}\n")
    }

    /// Closes `local` and writes the `kind` field.
    private func kind(_ kind: ReminderKind) {
        switch kind {
        case .before: literal("\",\"kind\":\"before\"")
        case .due: literal("\",\"kind\":\"due\"")
        case .overdue: literal("\",\"kind\":\"overdue\"")
        case .escalation: literal("\",\"kind\":\"escalation\"")
        case .digest: literal("\",\"kind\":\"digest\"")
        }
    }

    private func fragments(_ index: Int) -> Fragments {
        if let f = fragments[index] { return f }
        let pm = plan.milestones[index]
        let project = plan.schedule.projects[pm.projectIndex]
        var key = Self.quoted(pm.keyPrefix + "@")
        key.removeLast()  // the key continues after the prefix
        let f = Fragments(
            keyPrefix: key,
            names: Array(",\"project\":".utf8) + Self.quoted(project.id) + Array(",\"milestone\":".utf8)
                + Self.quoted(pm.milestone.id),
            recipients: Self.array(pm.recipients),
            escalationRecipients: Self.array(pm.policy.escalate?.to ?? []),
            channels: Self.array(pm.channels))
        fragments[index] = f
        return f
    }

    @inline(__always) private func byte(_ b: UInt8) {
        buffer[count] = b
        count += 1
    }

    private func bytes(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { raw($0) }
    }

    /// `ReminderKind.keySuffix`, written without building a string.
    private func keySuffix(_ kind: ReminderKind) {
        switch kind {
        case .before(.calendarDays(let n)):
            literal("before-")
            number(n)
            byte(UInt8(ascii: "d"))
        case .before(.workingDays(let n)):
            literal("before-")
            number(n)
            literal("bd")
        case .due: literal("due")
        case .overdue(let k):
            literal("overdue-")
            number(k)
        case .escalation: literal("escalation")
        case .digest: literal("digest")
        }
    }

    private func number(_ n: Int) {
        if n >= 10 { number(n / 10) }
        byte(UInt8(48 + n % 10))
    }

    private func raw(_ p: UnsafeBufferPointer<UInt8>) {
        if count + p.count > capacity + Self.slack { flush() }
        if p.count > capacity {
            for b in p { byte(b); if count == capacity { flush() } }
            return
        }
        if let base = p.baseAddress { (buffer + count).update(from: base, count: p.count) }
        count += p.count
    }

    private func literal(_ s: StaticString) {
        s.withUTF8Buffer { raw($0) }
    }

    private func two(_ n: Int) {
        byte(UInt8(48 + n / 10))
        byte(UInt8(48 + n % 10))
    }

    private func date(_ day: Int) {
        let slot = day & 1023
        if dateCacheDays[slot] != day {
            let d = LocalDate(dayNumber: day)
            let digits = [d.year / 1000, d.year / 100 % 10, d.year / 10 % 10, d.year % 10, -3,
                          d.month / 10, d.month % 10, -3, d.day / 10, d.day % 10]
            var head: UInt64 = 0, tail: UInt16 = 0
            for (i, v) in digits.enumerated() {
                let b = UInt64(48 + v)
                if i < 8 { head |= b << (8 * UInt64(i)) } else { tail |= UInt16(b) << (8 * UInt16(i - 8)) }
            }
            dateCacheText[slot] = (head, tail)
            dateCacheDays[slot] = day
        }
        // Ten bytes in two stores (little-endian, as the packing above assumes).
        let (head, tail) = dateCacheText[slot]
        let p = UnsafeMutableRawPointer(buffer + count)
        p.storeBytes(of: head.littleEndian, as: UInt64.self)
        p.storeBytes(of: tail.littleEndian, toByteOffset: 8, as: UInt16.self)
        count += 10
    }

    /// `YYYY-MM-DDTHH:MM:SS` of seconds since the epoch (wall clock, no zone).
    private func wallClock(_ seconds: Int64) {
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let s = Int(seconds - day * 86_400)
        date(Int(day))
        byte(UInt8(ascii: "T"))
        two(s / 3600)
        byte(UInt8(ascii: ":"))
        two(s % 3600 / 60)
        byte(UInt8(ascii: ":"))
        two(s % 60)
    }

    /// `+02:00`, `-05:00`, `+00:00`.
    private func offset(_ seconds: Int) {
        byte(UInt8(ascii: seconds < 0 ? "-" : "+"))
        let a = abs(seconds)
        two(a / 3600)
        byte(UInt8(ascii: ":"))
        two(a % 3600 / 60)
    }

    /// A JSON array of strings as bytes, written by the payloads' writer (``JSONValue``).
    private static func array(_ items: [String]) -> [UInt8] { JSONValue.array(items.map(JSONValue.string)).bytes }

    /// A JSON string literal as bytes, written by the payloads' writer (``JSONValue``).
    static func quoted(_ text: String) -> [UInt8] { JSONValue.string(text).bytes }
}

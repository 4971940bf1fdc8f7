import FristCore

/// Typed values in config files: dates, date-times, durations, lead times.
extension YAMLDocument {
    /// `YYYY-MM-DD` as a day number.
    func date(_ node: Node, what: String) -> Int? {
        guard let t = text(node, what: what) else { return nil }
        if let d = LocalDate(iso: t.trimmingSpaces) { return d.dayNumber }
        error(node, "\(what) '\(t)' is not a valid date (YYYY-MM-DD)")
        return nil
    }

    /// `YYYY-MM-DD` or a local date-time `YYYY-MM-DDTHH:MM` (a space may stand for the `T`).
    func dateOrDateTime(_ node: Node, what: String) -> (day: Int, time: LocalTime?)? {
        guard let raw = text(node, what: what) else { return nil }
        let t = raw.trimmingSpaces
        if let d = LocalDate(iso: t) { return (d.dayNumber, nil) }
        if t.count >= 16, let d = LocalDate(iso: t.prefix(10)),
           t.dropFirst(10).first == "T" || t.dropFirst(10).first == " " {
            var timeText = t.dropFirst(11)
            if timeText.count == 8, timeText.hasSuffix(":00") { timeText = timeText.dropLast(3) }
            if let time = LocalTime(text: timeText) { return (d.dayNumber, time) }
        }
        error(node, "\(what) '\(raw)' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)")
        return nil
    }

    /// A duration such as `3d`, `24h`, `90m`, `30s`, in seconds.
    func duration(_ node: Node, what: String) -> Int? {
        guard let t = text(node, what: what) else { return nil }
        let units: [(String, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        let s = t.trimmingSpaces
        if let (suffix, scale) = units.first(where: { s.hasSuffix($0.0) }),
           let n = Int(s.dropLast(suffix.count)), n >= 0, n <= 10_000_000 / max(1, scale / 60) {
            return n * scale
        }
        error(node, "\(what) '\(t)' is not a duration (e.g. 30s, 15m, 24h, 3d)")
        return nil
    }

    func leadTime(_ node: Node, what: String) -> LeadTime? {
        guard let t = text(node, what: what) else { return nil }
        if let lead = LeadTime(text: t) { return lead }
        error(node, "\(what) '\(t)' is not a lead time (use Nd for calendar days or Nbd for working days, e.g. 14d, 3bd)")
        return nil
    }

    func days(_ node: Node, what: String, minimum: Int = 1) -> Int? {
        guard let t = text(node, what: what) else { return nil }
        if let n = DayCount.parse(t, minimum: minimum) { return n }
        error(node, "\(what) '\(t)' must be a number of days written Nd, at least \(minimum)d")
        return nil
    }
}

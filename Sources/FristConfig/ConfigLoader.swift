import FristCore
import FristText
import Foundation

/// Loads `frist.yaml` and its includes into a validated ``FristConfig``, or reports every
/// mistake found, each at its file, line and column.
public enum ConfigLoader {
    static let topKeys = ["timezone", "language", "send_time", "state_dir", "calendar", "defaults", "people",
                          "channels", "include", "catch_up", "max_age", "dead_letters", "digests", "http", "contact", "store"]

    /// Loads the configuration at `path` (shown in messages as given).
    public static func load(path: String) -> Result<FristConfig, ConfigErrors> {
        let diagnostics = Diagnostics()
        if var config = read(path: path, diagnostics), diagnostics.errors.isEmpty {
            config.warnings = diagnostics.warnings
            return .success(config)
        }
        return .failure(ConfigErrors(capped(diagnostics.errors, path: path)))
    }

    /// Mistakes shown in one run: the first ones are what to fix, and a generated or mangled
    /// file with 10,000 of them would otherwise flood the terminal or the journal.
    static let shownMistakes = 100

    private static func capped(_ errors: [ConfigError], path: String) -> [ConfigError] {
        guard errors.count > shownMistakes else { return errors }
        let rest = errors.count - shownMistakes
        return Array(errors.prefix(shownMistakes)) + [ConfigError(file: path, line: 0, column: 0,
            message: "\(rest) more mistakes not shown; fix these first")]
    }

    private static func read(path: String, _ diagnostics: Diagnostics) -> FristConfig? {
        let doc = YAMLDocument(path: path, shownAs: path, diagnostics: diagnostics)
        guard let root = doc.root else { return nil }
        if root["project"] != nil || root["milestones"] != nil {
            diagnostics.error(path, line: 0, column: 0,
                              "this is a schedule file; pass the main config that includes it (usually frist.yaml)")
            return nil
        }
        guard let map = doc.mapping(root, allowed: topKeys, what: "frist.yaml") else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        // Paths inside resolve against the file's folder; shown relative when the file was.
        func resolve(_ p: String) -> String { p.hasPrefix("/") || folder.isEmpty ? p : folder + "/" + p }

        var timezone = "Europe/Copenhagen"
        var zone: ZoneRules?
        if let n = map["timezone"]?.value, let t = doc.word(n, what: "timezone") {
            timezone = t
            zone = ZoneRules.named(t)
            if zone == nil { doc.error(n, "unknown time zone '\(t)' (use an IANA name such as Europe/Copenhagen)") }
        } else {
            zone = ZoneRules.named(timezone)
        }
        let language = map["language"].flatMap {
            doc.choice($0.value, what: "language", Language.allCases.map { ($0.rawValue, $0) })
        } ?? .da
        var sendTime = LocalTime(hour: 9, minute: 0)!
        if let n = map["send_time"]?.value, let t = doc.text(n, what: "send_time") {
            if let time = LocalTime(text: Substring(t.trimmingSpaces)) { sendTime = time } else {
                doc.error(n, "send_time '\(t)' is not a time of day (HH:MM, e.g. \"09:00\")")
            }
        }
        let stateDir = map["state_dir"].flatMap { doc.word($0.value, what: "state_dir") }
            .map(resolve)
        let catchUp = map["catch_up"].flatMap { doc.duration($0.value, what: "catch_up") } ?? 3 * 86_400
        let maxAge = map["max_age"].flatMap { doc.duration($0.value, what: "max_age") } ?? 86_400
        let calendar = map["calendar"].map { doc.calendar($0.value) } ?? WorkingCalendar()

        var people: [String: Person] = [:]
        if let n = map["people"]?.value { people = doc.people(n) }
        var channels: [String: ChannelConfig] = [:]
        var channelKinds: [String: ChannelKind] = [:]
        if let n = map["channels"]?.value { (channels, channelKinds) = doc.channels(n, resolve: resolve) }
        // The console is always there, so a config without channels still runs.
        if channelKinds["console"] == nil {
            channels["console"] = ChannelConfig(name: "console", settings: .console)
            channelKinds["console"] = .console
        }
        let named = map["channels"].map { doc.channelNames($0.value) } ?? []
        let refs = References(people: Set(people.keys), channels: Set(channelKinds.keys).union(named))

        // Channels that hear about every reminder given up on (an admin's chat or mailbox).
        let deadLetterChannels = map["dead_letters"].flatMap {
            doc.channelList($0.value, what: "dead_letters", channels: refs.channels)
        } ?? []

        var defaults = PolicyOverrides()
        var defaultShift = Shift.before
        var defaultNotify = ["console"]
        if let n = map["defaults"]?.value,
           let d = doc.mapping(n, allowed: YAMLDocument.policyKeys + ["shift", "notify"], what: "defaults") {
            defaults = doc.policy(d, people: refs.people)
            if let s = d["shift"].flatMap({ doc.shift($0.value) }) { defaultShift = s }
            if let c = d["notify"].flatMap({ doc.channelList($0.value, what: "notify", channels: refs.channels) }) {
                defaultNotify = c
            }
        }

        var files = [path]
        var seen: Set<String> = [path]
        if let n = map["include"]?.value {
            for item in doc.list(n, what: "include") ?? [] {
                guard let pattern = doc.word(item, what: "include") else { continue }
                let matches = expand(resolve(pattern))
                // A folder moved for a moment must not read as "no milestones any more".
                if matches.isEmpty {
                    let glob = pattern.contains(where: { "*?[".contains($0) })
                    doc.error(item, glob ? "include '\(pattern)' matches no file" : "include '\(pattern)': no such file")
                }
                for file in matches where seen.insert(file).inserted { files.append(file) }
            }
        }
        var projects: [Project] = []
        var projectIds: [String: String] = [:]
        var projectTemplates: [String: [String: String]] = [:]
        for schedule in ScheduleFile.read(Array(files.dropFirst()), refs) {
            diagnostics.append(schedule.errors)
            guard let project = schedule.project else { continue }
            if let first = projectIds[project.id] {
                diagnostics.error(schedule.file, line: schedule.idLine, column: schedule.idColumn,
                                  "duplicate project id '\(project.id)' (also in \(first))")
                continue
            }
            projectIds[project.id] = schedule.file
            projects.append(project)
            if !schedule.templates.isEmpty { projectTemplates[project.id] = schedule.templates }
        }
        // Digests refer to projects, so they are read once every schedule file is.
        let digests = map["digests"].map {
            doc.digests($0.value, language: language, people: people, channels: channelKinds, projects: Set(projectIds.keys))
        } ?? []
        let http = map["http"].flatMap { doc.http($0.value, resolve: resolve) }
        let contact = map["contact"].flatMap { doc.contact($0.value) }
        let store = map["store"].flatMap { doc.store($0.value, resolve: resolve) }
        guard let zone else { return nil }
        return FristConfig(
            path: path, files: files, timezone: timezone, language: language, stateDirectory: stateDir,
            catchUpSeconds: catchUp, maxAgeSeconds: maxAge, people: people, channels: channels,
            projectTemplates: projectTemplates, deadLetterChannels: deadLetterChannels,
            schedule: Schedule(zone: zone, sendTime: sendTime, calendar: calendar, defaults: defaults,
                               defaultShift: defaultShift, defaultNotify: defaultNotify, projects: projects),
            digests: digests, http: http, contact: contact, store: store, digest: ConfigDigest.of(files))
    }

    /// Files matching a glob pattern, sorted.
    static func expand(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
            .filter { !$0.hasSuffix("/") }.sorted()
    }
}

extension YAMLDocument {
    func calendar(_ node: Node) -> WorkingCalendar {
        guard let m = mapping(node, allowed: ["holidays", "closed", "weekend"], what: "calendar") else {
            return WorkingCalendar()
        }
        let holidays = m["holidays"].flatMap {
            choice($0.value, what: "holidays", WorkingCalendar.Holidays.allCases.map { ($0.rawValue, $0) })
        } ?? .denmark
        var weekend: Set<Weekday> = [.saturday, .sunday]
        if let n = m["weekend"]?.value, let items = list(n, what: "weekend") {
            weekend = []
            for item in items {
                guard let t = word(item, what: "weekend") else { continue }
                if let w = Weekday(name: t) { weekend.insert(w) } else {
                    error(item, "weekend day '\(t)' is not a weekday (monday … sunday)")
                }
            }
            if weekend.count == 7 {
                error(n, "weekend covers every day of the week: nothing would be a working day")
                weekend = [.saturday, .sunday]
            }
        }
        var closed: Set<Int> = []
        if let n = m["closed"]?.value {
            for item in list(n, what: "closed") ?? [] {
                guard let t = text(item, what: "closed") else { continue }
                guard let days = ClosedDays.parse(String(t.trimmingSpaces)) else {
                    error(item, "closed '\(t)' is not a date (YYYY-MM-DD), a day every year (MM-DD) or a range of either (2022-07-11..2022-07-22, 07-13..07-17; at most a year)")
                    continue
                }
                closed.formUnion(days)
            }
            let range = WorkingCalendar.tableYears
            if let outside = closed.first(where: { !range.contains(LocalDate(dayNumber: $0).year) }) {
                error(n, "closed date \(LocalDate(dayNumber: outside)) is outside \(range.lowerBound)–\(range.upperBound - 1)")
            }
        }
        return WorkingCalendar(holidays: holidays, weekend: weekend, closed: closed)
    }
}

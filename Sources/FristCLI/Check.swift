import ArgumentParser
import FristConfig
import FristCore
import FristDelivery

/// `frist check`: validates the configuration and its schedules.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration and schedules.",
        discussion: "Prints every mistake as 'file:line:col: message' on stderr and exits 78; exits 0 when all is well."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        Output.errors(config.warnings.map(\.description))
        let plan = Plan(config.schedule)
        let templateProblems = TemplateCheck.problems(config: config, plan: plan, now: SystemClock().now())
        guard templateProblems.isEmpty else {
            Output.errors(templateProblems)
            throw ExitCode(78)
        }
        let projects = config.schedule.projects
        let milestones = projects.reduce(0) { $0 + $1.milestones.count }
        let now = SystemClock().now()
        var next = "no reminders ahead"
        var timeline = plan.timeline(startingAt: now)
        let acks = try await StateAccess.acknowledgements(config)
        // The next one the daemon will send: acknowledged ones are not.
        var reminder = timeline.next()
        while let r = reminder, !acks.isEmpty, acks.covers(r, in: plan) { reminder = timeline.next() }
        let digest = DigestPlan(config.digests, schedule: config.schedule).next(after: now - 1)
        if let d = digest, reminder.map({ d.instant < $0.instant }) ?? true {
            next = "next digest " + Timestamps.local(d.instant, offset: d.utcOffset) + " " + d.key
        } else if let r = reminder {
            next = "next reminder " + Timestamps.local(r.instant, offset: Int(r.utcOffset)) + " " + plan.key(of: r)
        }
        let channels = config.channels.keys.sorted()
        Output.write("""
            \(config.path): ok — \(counted(config.files.count, "file", "files")), \
            \(counted(projects.count, "project", "projects")), \(counted(milestones, "milestone", "milestones")), \
            \(counted(config.people.count, "person", "people")), \(counted(channels.count, "channel", "channels")) \
            (\(channels.joined(separator: ", "))); \(next)

            """)
    }
}

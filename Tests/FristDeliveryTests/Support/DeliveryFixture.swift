import Foundation
import FristTestSupport
@testable import FristConfig
@testable import FristCore
@testable import FristDelivery

/// A real config on disk (the Task Force example in small) with one extra channel, loaded and
/// planned, so messages are built exactly as the daemon builds them.
struct DeliveryFixture {
    let folder: String
    let config: FristConfig
    let plan: Plan

    /// - Parameter channel: the YAML of a channel named `out` (one line, flow style).
    /// - Parameter project: extra lines for the project mapping (indented two spaces).
    init(channel: String, language: String = "da", project: String = "") throws {
        folder = NSTemporaryDirectory() + "frist-delivery-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
        let main = """
            timezone: Europe/Copenhagen
            language: \(language)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
              soeren: {name: Søren Ærø-Østergård, email: soeren@example.dk}
              chef: {name: Social- og Projektchef, email: chef@example.dk}
              nomail: {name: Uden Post}
            channels:
              out: \(channel)
            include: [schedules/*.yaml]

            """
        let schedule = """
            project:
              id: taskforce
              name: Task Force – Afdeling for Børn og Familie
              owner: [anne, soeren]
              notify: [out]
            \(project)
            milestones:
              - id: apv-handleplan
                title: Handleplan for psykisk APV godkendt – "trin 2" & opfølgning
                due: 2021-09-30
                escalate: {after: 14d, to: [chef]}

            """
        try main.write(toFile: folder + "/frist.yaml", atomically: true, encoding: .utf8)
        try schedule.write(toFile: folder + "/schedules/tf.yaml", atomically: true, encoding: .utf8)
        switch ConfigLoader.load(path: folder + "/frist.yaml") {
        case .success(let c): config = c
        case .failure(let e): throw e
        }
        plan = Plan(config.schedule)
    }

    /// The message of the reminder with this key suffix (`before-14d`, `due`, `escalation`…).
    func message(_ suffix: String) -> Message {
        let reminders = plan.reminders(from: LocalDate(iso: "2021-09-01")!.dayNumber, to: LocalDate(iso: "2021-12-01")!.dayNumber)
        let r = reminders.first { plan.key(of: $0).hasSuffix("#" + suffix) }!
        return MessageBuilder(config: config, plan: plan).message(for: r, channel: config.channels["out"]!)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

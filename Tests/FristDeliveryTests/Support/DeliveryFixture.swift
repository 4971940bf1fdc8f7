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
    /// The signer of ack links, when the fixture offers them.
    let links: AckLinks?

    /// - Parameter channel: the YAML of a channel named `out` (one line, flow style).
    /// - Parameter project: extra lines for the project mapping (indented two spaces).
    /// - Parameter extra: extra top-level lines for `frist.yaml` (`contact:`, `http:`…).
    /// - Parameter anne: more of Anne's person mapping (`, slack: U024BE7LH`).
    /// - Parameter linked: offer signed ack links at https://frist.kommune.dk, as the daemon does.
    init(channel: String, language: String = "da", project: String = "", extra: String = "", anne: String = "",
         linked: Bool = false) throws {
        folder = NSTemporaryDirectory() + "frist-delivery-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
        let main = """
            timezone: Europe/Copenhagen
            language: \(language)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk\(anne)}
              soeren: {name: Søren Ærø-Østergård, email: soeren@example.dk}
              chef: {name: Social- og Projektchef, email: chef@example.dk}
              nomail: {name: Uden Post}
            channels:
              out: \(channel)
            include: [schedules/*.yaml]
            \(extra)
            \(linked ? "http: {listen: \"127.0.0.1:9464\", public_url: \"https://frist.kommune.dk\", link_key_env: FRIST_TEST_LINK_KEY}" : "")

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
        links = linked ? AckLinks(baseURL: "https://frist.kommune.dk", key: Array("fixture-link-key".utf8),
                                  lifetime: 30 * 86_400) : nil
    }

    /// The message of the reminder with this key suffix (`before-14d`, `due`, `escalation`…).
    func message(_ suffix: String) -> Message {
        let reminders = plan.reminders(from: LocalDate(iso: "2021-09-01")!.dayNumber, to: LocalDate(iso: "2021-12-01")!.dayNumber)
        let r = reminders.first { plan.key(of: $0).hasSuffix("#" + suffix) }!
        return MessageBuilder(config: config, plan: plan, links: links).message(for: r, channel: config.channels["out"]!)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

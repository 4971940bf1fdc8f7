import Foundation
import FristConfig

/// A configuration written to a fresh temporary folder, as an admin would lay it out:
/// `frist.yaml` plus files under `schedules/`. Removed when the test is done with it.
final class ConfigFixture {
    let directory: String

    init(main: String, schedules: [String: String] = [:]) throws {
        directory = NSTemporaryDirectory() + "frist-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/schedules", withIntermediateDirectories: true)
        try main.write(toFile: directory + "/frist.yaml", atomically: true, encoding: .utf8)
        for (name, text) in schedules {
            try text.write(toFile: directory + "/schedules/" + name, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var path: String { directory + "/frist.yaml" }

    func load() -> Result<FristConfig, ConfigErrors> { ConfigLoader.load(path: path) }

    /// The error lines, with the temporary folder cut off: `frist.yaml:3:12: …`.
    func errors() -> [String] {
        guard case .failure(let e) = load() else { return [] }
        return e.errors.map { $0.description.replacingOccurrences(of: directory + "/", with: "") }
    }

    /// The loaded config; fails the test with the error lines if it does not load.
    func config() throws -> FristConfig {
        switch load() {
        case .success(let c): return c
        case .failure(let e): throw e
        }
    }
}

/// A valid main file that includes `schedules/*.yaml`, with people and channels to refer to.
let baseMain = """
    timezone: Europe/Copenhagen
    people:
      anne: {name: Anne Jensen, email: anne@example.dk}
      chef: {name: Social- og Projektchef, email: chef@example.dk}
    channels:
      console: {type: console}
      mail: {type: email, url: "smtp://127.0.0.1:2525", from: "Frist <frist@example.dk>"}
    include: [schedules/*.yaml]

    """

/// A schedule file with one project and the given milestone lines (already indented).
func scheduleFile(_ milestones: String, project: String = "  id: taskforce\n  name: Task Force\n  owner: anne\n") -> String {
    "project:\n" + project + "milestones:\n" + milestones
}

import Foundation
import Testing
import FristTestSupport

/// One state per config, whoever and wherever runs the command: the daemon and `frist ack`
/// (even as root, from any folder) meet in the same database.
@Suite(.serialized) struct StateLocationTests {
    /// A config without `state_dir`, with one deadline far ahead.
    static func config(in folder: TemporaryFolder, peer: TestPeer? = nil) throws -> String {
        let channel = peer.map { "channels: {hook: {type: webhook, url: \"\($0.url)/hook\"}}\n" } ?? ""
        try folder.write("etc/frist.yaml", """
            people: {anne: {name: Anne Jensen}}
            \(channel)include: [schedules/*.yaml]

            """)
        try folder.write("etc/schedules/a.yaml", """
            project: {id: p, name: P, owner: anne\(peer == nil ? "" : ", notify: [hook]")}
            milestones:
              - {id: a, title: A, due: 2030-01-01, before: [], overdue: null}
              - {id: b, title: B, due: "2021-09-30T09:00", before: [], overdue: null}
              - {id: c, title: C, due: "2021-09-30T09:01", before: [], overdue: null}

            """)
        return folder.path + "/etc/frist.yaml"
    }

    @Test func theStateIsBesideTheConfigWhateverTheWorkingFolder() async throws {
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder)
        try FileManager.default.createDirectory(atPath: folder.path + "/elsewhere", withIntermediateDirectories: true)
        let ack = try await FristBinary.result(of: ["ack", "p/a", "--config", path], directory: folder.path + "/elsewhere")
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stderr.contains("created a new, empty state at \(folder.path)/etc/.frist-state/frist.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/elsewhere/.frist-state"))
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: "/")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.hasPrefix("state: \(folder.path)/etc/.frist-state/frist.sqlite"))
    }

    @Test func readingCommandsNeverCreateAState() async throws {
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder)
        for command in [["status"], ["history"], ["ics"]] {
            let r = try await FristBinary.result(of: command + ["--config", path], directory: folder.path)
            #expect(r.status == 1)
            #expect(r.stderrLines == ["no state at \(folder.path)/etc/.frist-state/frist.sqlite: the daemon has not run with \(path) yet, or it keeps its state elsewhere (check state_dir in the config)"])
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/etc/.frist-state"), "a reading command created the state")
    }

    @Test func theDaemonWarnsWhenOnlySystemdKnowsWhereTheStateIs() async throws {
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder)
        let daemon = try DaemonProcess(["--config", path], environment: ["STATE_DIRECTORY": folder.path + "/var"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        #expect(await daemon.stop() == 0)
        #expect(daemon.stderr.contains("the state is in $STATE_DIRECTORY (\(folder.path)/var) because \(path) names no state_dir"), "\(daemon.stderr)")
        #expect(daemon.stderr.contains("add 'state_dir: \(folder.path)/var' to the config"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/var/frist.sqlite"))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "needs root and setpriv"))
    func rootActsAsTheServiceUserSoTheDaemonGoesOnWriting() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        // The service's user (nobody here) owns the state folder and can read the config.
        let state = folder.path + "/etc/.frist-state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        #expect(chown(state, 65_534, 65_534) == 0)
        #expect(chmod(folder.path, 0o755) == 0)
        let daemon = try DaemonProcess(executable: "/usr/bin/setpriv",
                                       ["--reuid", "65534", "--regid", "65534", "--clear-groups", FristBinary.path, "run",
                                        "--config", path, "--start-at", "2021-09-30T08:59:55+02:00", "--speed", "10"],
                                       directory: "/")
        #expect(await daemon.log(contains: "frist running"), "\(daemon.stderr)")
        let ack = try await FristBinary.result(of: ["ack", "p/a", "--config", path], directory: "/")
        #expect(ack.status == 0, "\(ack.stderr)")
        for file in ["frist.sqlite", "frist.sqlite-wal", "frist.sqlite-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: state + "/" + file)
            #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 65_534, "\(file) is not the service user's")
        }
        // After the root command the daemon still writes: both reminders go out and are recorded.
        _ = try await peer.records(atLeast: 2)
        #expect(await eventually(timeout: 15) { daemon.stderr.contains("sent p/c@2021-09-30#due") })
        #expect(await daemon.stop() == 0)
        #expect(!daemon.stderr.contains("readonly") && !daemon.stderr.contains("read-only"), "\(daemon.stderr)")
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: "/")
        #expect(status.stdout.contains("sent 2"), "\(status.stdout)")
    }
}

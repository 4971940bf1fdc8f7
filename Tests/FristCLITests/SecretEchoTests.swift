import Foundation
import Testing
import FristTestSupport

/// Gateways that quote a secret back in their refusal (a token from the URL, the URL
/// JSON-escaped, an `Authorization` header): the real binary never prints nor stores it.
@Suite struct SecretEchoTests {
    static let token = "T0KEN-4f9c2a81d7e5"
    static let authorization = "Bearer s3cr3tAuthz-9911"
    static let apiKey = "plainK3y-77aa11bb"

    /// Everything that must appear nowhere, for a gateway at `peer`.
    static func secrets(_ peer: TestPeer) -> [String] {
        let url = peer.url + "/hook/" + token
        return [token, url, url.replacingOccurrences(of: "/", with: "\\/"), "s3cr3tAuthz-9911", apiKey]
    }

    /// A webhook channel whose URL and `Authorization` come from files, with a plain `X-Api-Key`.
    static func config(in folder: TemporaryFolder, peer: TestPeer, extra: String = "") throws -> String {
        try folder.write("hook-url", peer.url + "/hook/" + token + "\n")
        try folder.write("authorization", authorization + "\n")
        try folder.write("frist.yaml", """
            timezone: Europe/Copenhagen
            send_time: "09:00"
            state_dir: state
            \(extra)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
            channels:
              hook:
                type: webhook
                url_file: hook-url
                headers:
                  Authorization: {value_file: authorization}
                  X-Api-Key: \(apiKey)
                  X-Frist-Source: taskforce

            """)
        return folder.path + "/frist.yaml"
    }

    static func gateway(echo: [String]) async throws -> TestPeer {
        let echoes = echo.map { "\"\($0)\"" }.joined(separator: ",")
        return try await TestPeer.http(script: #"[{"status":400,"body":"invalid request: ","echo":[\#(echoes)]}]"#)
    }

    static func leaks(_ text: String, _ peer: TestPeer) -> [String] {
        secrets(peer).filter { text.contains($0) }
    }

    @Test("send-test against an echoing gateway prints no secret",
          arguments: ["last_segment", "json_url", "url", "header:authorization", "header:x-api-key"])
    func sendTest(echo: String) async throws {
        let peer = try await Self.gateway(echo: [echo])
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        let r = try await FristBinary.result(of: ["send-test", "hook", "--config", path])
        #expect(r.status == 1, "\(r.stderr)")
        // The echo arrived, masked: the gateway did get the secrets, the output shows none.
        #expect(r.stderr.hasPrefix("hook: not delivered: HTTP 400 (400) — invalid request: ••••"), "\(r.stderr)")
        #expect(Self.leaks(r.stdout + r.stderr, peer) == [])
        let headers = try #require(try await peer.records(atLeast: 1).first?["headers"] as? [String: String])
        #expect(headers["authorization"] == Self.authorization)
        #expect(headers["x-api-key"] == Self.apiKey)
        #expect(headers["x-frist-source"] == "taskforce")
    }

    @Test func theDaemonStoresAndLogsNoEchoedSecret() async throws {
        let peer = try await Self.gateway(echo: ["last_segment", "json_url", "header:authorization", "header:x-api-key"])
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, extra: "include: [schedules/*.yaml]")
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}
            milestones:
              - {id: a, title: Handleplan, due: 2021-09-30, before: [], overdue: null}

            """)
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "moved to the dead letters"), "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.exitStatus(within: 15) == 0)
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.status == 0, "\(status.stderr)")
        for text in [daemon.stdout, daemon.stderr, status.stdout, status.stderr] {
            #expect(Self.leaks(text, peer) == [], "\(text)")
        }
        // The raw state, whatever table or page the reply landed in.
        let state = folder.path + "/state"
        let files = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasPrefix("frist.sqlite") }
        #expect(files.contains("frist.sqlite"))
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: state + "/" + file))
            for secret in Self.secrets(peer) { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)") }
        }
        #expect(try peer.records().count == 1)
    }

    @Test func checkShowsNoHeaderSecretAndNoCredentialFileMatchedByAGlob() async throws {
        let folder = try TemporaryFolder([
            "schedules/token": "xoxbGlobbedS3cret-1\n",
            "schedules/keys.yaml": "- listedS3cret-2\n",
            "schedules/id_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n",
            "schedules/broken": "token: \"unterminatedS3cret-3\n",
            "schedules/creds.yaml": "password: dupS3cret-6\npassword: dupS3cret-7\n",
            "frist.yaml": """
                timezone: Europe/Copenhagen
                include: [schedules/*]
                channels:
                  hook:
                    type: webhook
                    url_env: HOOK_URL
                    headers:
                      Authorization: {value: "Bearer inlineS3cret-4", valu_env: X}
                      X-Token: {value: "inlineS3cret-5", value_env: HOOK_TOKEN}
                      X-Other: {}

                """,
        ])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        let lines = r.stderrLines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
        let notASchedule = { (shape: String) in
            "is not a schedule file: \(shape); a schedule is a mapping with 'project:' and 'milestones:'"
                + " (its content is not shown: a glob may have matched a credential)"
        }
        #expect(lines == [
            "frist.yaml:8:55: unknown key 'valu_env' in header 'Authorization' (did you mean 'value_env'?)",
            "frist.yaml:9:42: header 'X-Token' needs exactly one of value, value_file, value_env",
            "frist.yaml:10:16: header 'X-Other' needs exactly one of value, value_file, value_env",
            // Syntax errors name the problem and its place, never the text.
            "schedules/broken:1:8: this quoted value is never closed (a missing \" or ')",
            // A mapping of other keys: its repeated key is not quoted either.
            "schedules/creds.yaml: " + notASchedule("it has neither 'project:' nor 'milestones:'"),
            "schedules/id_key: " + notASchedule("its top level is a single value"),
            "schedules/keys.yaml: " + notASchedule("its top level is a list"),
            "schedules/token: " + notASchedule("its top level is a single value"),
        ])
        for secret in ["S3cret", "b3BlbnNzaC1rZXkt", "BEGIN OPENSSH"] {
            #expect(!(r.stdout + r.stderr).contains(secret), "\(secret) shown")
        }
    }
}

import FristConfig
import Testing

/// `store:`, the shared PostgreSQL database of a cluster: read once at load, every mistake one
/// line at its place, and its password never in a message.
@Suite struct StoreConfigTests {
    func fixture(_ store: String) throws -> ConfigFixture {
        try ConfigFixture(main: baseMain + store + "\n", schedules: ["p.yaml": scheduleFile("  - {id: a, title: A, due: 2030-01-01}\n")])
    }

    @Test func aURLAloneIsTheStoreWithItsDefaults() throws {
        let settings = try #require(try fixture("store: postgresql://frist@127.0.0.1/frist").config().store)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5432)
        #expect(settings.username == "frist")
        #expect(settings.database == "frist")
        #expect(settings.tls == .prefer)
        #expect(settings.password == nil)
        #expect(settings.heartbeat == 1 && settings.lease == 4)
    }

    @Test func theMappingNamesThePasswordAndTheTimes() throws {
        let config = try fixture("""
            store:
              url: postgresql://frist@db.kommune.dk:6543/frist?sslmode=verify-full&sslrootcert=ca.pem
              password_file: /run/credentials/frist.service/pg-password
              heartbeat: 2s
              lease: 10s
            """).config()
        let settings = try #require(config.store)
        #expect(settings.port == 6543)
        #expect(settings.tls == .verifyFull)
        #expect(settings.rootCertificate?.hasSuffix("/ca.pem") == true)
        #expect(settings.password == .file("/run/credentials/frist.service/pg-password"))
        #expect(settings.heartbeat == 2 && settings.lease == 10)
        #expect(settings.displayURL == "postgresql://frist@db.kommune.dk:6543/frist?sslmode=verify-full")
        // A systemd credential exists only under the service: a warning, not an error.
        #expect(config.warnings.contains { $0.description.contains("password_file") })
    }

    @Test func aPasswordInTheURLIsASecretNeverShown() throws {
        let f = try fixture("store: postgresql://frist:Hemmelig%2142@127.0.0.1:5432/frist?sslmode=disable")
        let settings = try #require(try f.config().store)
        #expect(settings.password == .inline("Hemmelig!42"))
        #expect(!settings.displayURL.contains("Hemmelig"))
        // Mistakes next to it name the place, never the password.
        let bad = try fixture("store: postgresql://frist:Hemmelig42@127.0.0.1:5432/frist?sslmode=sometimes")
        #expect(bad.errors().count == 1)
        #expect(!bad.errors().joined().contains("Hemmelig42"))
    }

    @Test(arguments: [
        ("store: mysql://frist@db/frist", "frist.yaml:9:8: store url must be a PostgreSQL URL, postgresql://user@host:5432/database (SQLite needs no store: it is the default, in state_dir)"),
        ("store: postgresql://frist@127.0.0.1", "frist.yaml:9:8: store url names no database (postgresql://user@host:5432/database)"),
        ("store: postgresql://127.0.0.1/frist", "frist.yaml:9:8: store url names no user (postgresql://user@host:5432/database)"),
        ("store: postgresql://frist@127.0.0.1/frist?sslmode=sometimes", "frist.yaml:9:8: store url: sslmode 'sometimes' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("store: {password_file: /x}", "frist.yaml:9:8: store needs 'url' (e.g. postgresql://frist@db.kommune.dk:5432/frist?sslmode=verify-full)"),
        ("store: {url: 'postgresql://frist@127.0.0.1/frist', password: a, password_env: B}", "frist.yaml:9:65: store takes only one of password, password_env"),
        ("store: {url: 'postgresql://frist:x@127.0.0.1/frist', password_env: B}", "frist.yaml:9:54: store: the url has a password and password_env gives another; keep one"),
        ("store: {url: 'postgresql://frist@127.0.0.1/frist', heartbeat: 2s, lease: 3s}", "frist.yaml:9:74: store lease (3s) must be at least twice the heartbeat (2s): one late beat must not cost a node its claims"),
    ])
    func aMistakeIsOneLineAtItsPlace(yaml: String, expected: String) throws {
        #expect(try fixture(yaml).errors() == [expected])
    }

    @Test func anUnencryptedStoreOffThisHostIsAWarning() throws {
        let config = try fixture("store: postgresql://frist@db.kommune.dk/frist?sslmode=disable").config()
        #expect(config.warnings.map(\.description).contains { $0.contains("sslmode=disable may send the password") })
        let local = try fixture("store: postgresql://frist@127.0.0.1/frist?sslmode=disable").config()
        #expect(local.warnings.isEmpty)
    }

    @Test func theDigestTellsConfigurationsApart() throws {
        let a = try fixture("store: postgresql://frist@127.0.0.1/frist").config()
        let b = try fixture("store: postgresql://frist@127.0.0.1/frist").config()
        let c = try fixture("store: postgresql://frist@127.0.0.1/frist\ncatch_up: 1d").config()
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
        #expect(a.digest.count == 16)
    }
}

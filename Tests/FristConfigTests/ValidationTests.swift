import Testing
import FristConfig

/// Each mistake an admin can make is reported once, at its exact file:line:column, in words
/// that say what to do.
@Suite struct ValidationTests {
    /// A named mistake: the YAML that makes it and the one line `frist check` must print.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let expected: String
        var testDescription: String { name }
    }

    static let mainCases: [Case] = [
        .init(name: "unknown key", yaml: "timezone: Europe/Copenhagen\nsendtime: \"09:00\"\n",
              expected: "frist.yaml:2:1: unknown key 'sendtime' in frist.yaml (did you mean 'send_time'?)"),
        .init(name: "unknown time zone", yaml: "timezone: Europe/Copenhagn\n",
              expected: "frist.yaml:1:11: unknown time zone 'Europe/Copenhagn' (use an IANA name such as Europe/Copenhagen)"),
        .init(name: "bad send_time", yaml: "send_time: \"9.00\"\n",
              expected: "frist.yaml:1:12: send_time '9.00' is not a time of day (HH:MM, e.g. \"09:00\")"),
        .init(name: "send_time out of range", yaml: "send_time: \"24:00\"\n",
              expected: "frist.yaml:1:12: send_time '24:00' is not a time of day (HH:MM, e.g. \"09:00\")"),
        .init(name: "bad language", yaml: "language: dk\n",
              expected: "frist.yaml:1:11: language must be one of da, en, found 'dk'"),
        .init(name: "unknown channel kind", yaml: "channels:\n  chat: {type: telegram}\n",
              expected: "frist.yaml:2:16: unknown channel type 'telegram' (one of console, webhook, slack, teams, mattermost, discord, matrix, ntfy, gotify, email, graph)"),
        .init(name: "channel missing url", yaml: "channels:\n  teams: {type: teams}\n",
              expected: "frist.yaml:2:10: channel 'teams' (teams) needs 'url' (or 'url_file' / 'url_env' to keep it out of the config)"),
        .init(name: "field of another kind", yaml: "channels:\n  hook:\n    type: slack\n    url_env: SLACK_URL\n    room: '#x'\n",
              expected: "frist.yaml:5:5: unknown key 'room' in channel 'hook' (slack)"),
        .init(name: "secret given twice", yaml: "channels:\n  hook:\n    type: slack\n    url: https://hooks.example.dk/x\n    url_file: /run/x\n",
              expected: "frist.yaml:5:5: channel 'hook': give only one of url, url_file"),
        .init(name: "graph without oauth2", yaml: "channels:\n  m365: {type: graph, from: frist@kommune.dk}\n",
              expected: "frist.yaml:2:9: channel 'm365' (graph) needs 'oauth2'"),
        .init(name: "oauth2 with tenant and token_url",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: kommune.onmicrosoft.com, token_url: \"https://x.dk/token\", client_id: abc, client_secret_file: /run/x}\n",
              expected: "frist.yaml:5:47: channel 'm365': oauth2 takes 'tenant' or 'token_url', not both"),
        .init(name: "oauth2 without client_id",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: kommune.onmicrosoft.com, client_secret_env: X}\n",
              expected: "frist.yaml:5:13: channel 'm365': oauth2 needs 'client_id' (the application (client) id of the app registration)"),
        .init(name: "oauth2 scope not a URL",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_secret_env: X, scope: Mail.Send}\n",
              expected: "frist.yaml:5:71: channel 'm365': scope 'Mail.Send' is not a URL (e.g. https://graph.microsoft.com/.default)"),
        .init(name: "oauth2 and a password",
              yaml: "channels:\n  exo:\n    type: email\n    url: smtp://smtp.office365.com:587\n    from: frist@kommune.dk\n    username: frist@kommune.dk\n    password_env: P\n    oauth2: {tenant: t1, client_id: abc, client_secret_env: X}\n",
              expected: "frist.yaml:7:5: channel 'exo': give oauth2 or password_env, not both"),
        .init(name: "oauth2 e-mail without username",
              yaml: "channels:\n  exo:\n    type: email\n    url: smtp://smtp.office365.com:587\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_secret_env: X}\n",
              expected: "frist.yaml:6:5: channel 'exo': oauth2 needs 'username': the mailbox it sends as (e.g. frist@kommune.dk)"),
        .init(name: "oauth2 without a secret",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc}\n",
              expected: "frist.yaml:5:13: channel 'm365': oauth2 needs 'client_secret_file' (a systemd credential), 'client_secret_env', 'client_secret', or 'client_certificate_file' with 'client_key_file'"),
        .init(name: "a private key without its certificate",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_key_file: k.pem, client_secret_env: X}\n",
              expected: "frist.yaml:5:42: channel 'm365': client_key_file goes with client_certificate_file, which is missing"),
        .init(name: "a certificate without its private key",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_certificate_file: c.pem}\n",
              expected: "frist.yaml:5:67: channel 'm365': client_certificate_file needs 'client_key_file' (its private key, PEM)"),
        .init(name: "a certificate and a secret",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_certificate_file: c.pem, client_secret_file: s}\n",
              expected: "frist.yaml:5:42: channel 'm365': oauth2 takes only one of client_secret_file, client_certificate_file"),
        .init(name: "token_url over plain http to another machine",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {token_url: \"http://login.example.dk/token\", client_id: abc, client_secret_env: X}\n",
              expected: "frist.yaml:5:25: channel 'm365': token_url 'http://login.example.dk/token' must be https:// (only a server on this machine may use http://)"),
        .init(name: "graph url over plain http to another machine",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    url: http://graph.example.dk\n    oauth2: {tenant: t1, client_id: abc, client_secret_env: X}\n",
              expected: "frist.yaml:5:10: channel 'm365': url 'http://graph.example.dk' must be https:// (only a server on this machine may use http://)"),
        .init(name: "a secret given twice in oauth2, not quoted",
              yaml: "channels:\n  m365:\n    type: graph\n    from: frist@kommune.dk\n    oauth2: {tenant: t1, client_id: abc, client_secret: s3cr3t, client_secret_env: X}\n",
              expected: "frist.yaml:5:65: channel 'm365': oauth2 takes only one of client_secret, client_secret_env"),
        .init(name: "bad starttls", yaml: "channels:\n  mail: {type: email, url: \"smtp://127.0.0.1\", from: a@b.dk, starttls: maybe}\n",
              expected: "frist.yaml:2:72: starttls must be one of required, optional, off, found 'maybe'"),
        .init(name: "impossible closed date", yaml: "calendar:\n  closed: [2021-02-30]\n",
              expected: "frist.yaml:2:12: closed '2021-02-30' is not a date (YYYY-MM-DD), a day every year (MM-DD) or a range of either (2022-07-11..2022-07-22, 07-13..07-17; at most a year)"),
        .init(name: "weekend typo", yaml: "calendar:\n  weekend: [saturday, sundag]\n",
              expected: "frist.yaml:2:23: weekend day 'sundag' is not a weekday (monday … sunday)"),
        .init(name: "unknown holiday rule", yaml: "calendar:\n  holidays: sweden\n",
              expected: "frist.yaml:2:13: holidays must be one of denmark, none, found 'sweden'"),
        .init(name: "unknown lead-time unit", yaml: "defaults:\n  before: [14d, 2w]\n",
              expected: "frist.yaml:2:17: before '2w' is not a lead time (use Nd for calendar days or Nbd for working days, e.g. 14d, 3bd)"),
        .init(name: "overdue without times", yaml: "defaults:\n  overdue: {every: 7d}\n",
              expected: "frist.yaml:2:12: overdue needs 'times'"),
        .init(name: "escalation to nobody known", yaml: "people:\n  anne: {name: Anne}\ndefaults:\n  escalate: {after: 14d, to: [boss]}\n",
              expected: "frist.yaml:4:31: unknown person 'boss' in escalate.to"),
        .init(name: "bad person id", yaml: "people:\n  Anne J: {name: Anne}\n",
              expected: "frist.yaml:2:3: person id 'Anne J' may only use a-z, 0-9, '-' and '_' (at most 64 characters)"),
        .init(name: "bad e-mail", yaml: "people:\n  anne: {name: Anne, email: anne.example.dk}\n",
              expected: "frist.yaml:2:29: email 'anne.example.dk' is not an e-mail address"),
        .init(name: "missing include", yaml: "include: [projects.yaml]\n",
              expected: "frist.yaml:1:11: include 'projects.yaml': no such file"),
        .init(name: "YAML syntax", yaml: "timezone: Europe/Copenhagen\npeople: {anne: [\n",
              expected: "frist.yaml:3:1: a value was expected here (is a [ or { above it not closed?)"),
        .init(name: "duplicate key", yaml: "language: da\nlanguage: en\n",
              expected: "frist.yaml:2:1: 'language' is given twice in the same mapping"),
        .init(name: "duplicate nested key", yaml: "people:\n  anne: {name: A}\n  chef: {name: C}\n  anne: {name: B}\n",
              expected: "frist.yaml:4:3: 'anne' is given twice in the same mapping"),
        .init(name: "second document", yaml: "language: da\n---\nlanguage: en\n",
              expected: "frist.yaml:2:1: only one YAML document per file is read; remove this '---' and what follows"),
        .init(name: "alias without anchor", yaml: "defaults:\n  before: *leads\n",
              expected: "frist.yaml:2:11: YAML alias ('*name') names no anchor (&name) above it"),
        .init(name: "tab indentation", yaml: "people:\n\tanne: {name: A}\n",
              expected: "frist.yaml:2:1: a tab in the indentation: YAML indents with spaces only"),
        .init(name: "unclosed quote", yaml: "people:\n  anne: {name: \"Anne}\n  chef: {name: C}\n# a comment\n# another\n",
              expected: "frist.yaml:2:16: this quoted value is never closed (a missing \" or ')"),
        .init(name: "uneven indentation", yaml: "people:\n  anne:\n    name: A\n   email: a@b.dk\n",
              expected: "frist.yaml:4:4: this line is indented differently from the lines above it at the same level"),
        .init(name: "wrong shape", yaml: "people: [anne, chef]\n",
              expected: "frist.yaml:1:9: people must be a mapping (id: …), found a list"),
        .init(name: "contact: unknown key", yaml: "contact: {name: Mette, mail: mette@example.dk}\n",
              expected: "frist.yaml:1:24: unknown key 'mail' in contact (did you mean 'email'?)"),
        .init(name: "contact: bad e-mail", yaml: "contact:\n  name: Mette Kjærgaard\n  email: mette(at)example.dk\n",
              expected: "frist.yaml:3:10: contact.email 'mette(at)example.dk' is not an e-mail address"),
        .init(name: "contact: no name", yaml: "contact: {email: frist@example.dk}\n",
              expected: "frist.yaml:1:10: contact needs 'name' (who to tell, e.g. {name: Frist-administrator, email: frist@kommune.dk})"),
        .init(name: "contact: not a mapping", yaml: "contact: Mette\n",
              expected: "frist.yaml:1:10: contact must be a mapping (key: value), found 'Mette'"),
        .init(name: "slack handle that is a name", yaml: "people:\n  anne: {name: Anne, slack: \"@anne\"}\n",
              expected: "frist.yaml:2:29: slack '@anne' is not a Slack member ID (U… or W…, e.g. U024BE7LH: in Slack, the person's profile → ⋮ → Copy member ID)"),
        .init(name: "teams handle without domain", yaml: "people:\n  anne: {name: Anne, teams: anne}\n",
              expected: "frist.yaml:2:29: teams 'anne' is not a Microsoft 365 sign-in name (user principal name, usually the work e-mail, e.g. anne@kommune.dk) or object ID"),
        .init(name: "mattermost handle with a space", yaml: "people:\n  anne: {name: Anne, mattermost: Anne Jensen}\n",
              expected: "frist.yaml:2:34: mattermost 'Anne Jensen' is not a Mattermost username (a-z, 0-9, '.', '-', '_', e.g. anne.jensen)"),
        .init(name: "discord handle that is a name", yaml: "people:\n  anne: {name: Anne, discord: anne#1234}\n",
              expected: "frist.yaml:2:31: discord 'anne#1234' is not a Discord user ID (17–20 digits, e.g. \"80351110224678912\": Developer Mode on, then the user → Copy User ID)"),
        .init(name: "person: unknown handle", yaml: "people:\n  anne: {name: Anne, matrix: \"@anne:example.dk\"}\n",
              expected: "frist.yaml:2:22: unknown key 'matrix' in person 'anne'"),
    ]

    @Test(arguments: mainCases)
    func mainFileMistake(_ c: Case) throws {
        let fixture = try ConfigFixture(main: c.yaml)
        #expect(fixture.errors() == [c.expected])
    }

    /// Here `yaml` is the milestone list of a schedule file.
    static let scheduleCases: [Case] = [
        .init(name: "impossible date", yaml: "  - id: a\n    title: A\n    due: 2021-02-30\n",
              expected: "schedules/p.yaml:8:10: due '2021-02-30' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)"),
        .init(name: "month 13", yaml: "  - id: a\n    title: A\n    due: 2021-13-01\n",
              expected: "schedules/p.yaml:8:10: due '2021-13-01' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)"),
        .init(name: "bad milestone id", yaml: "  - id: APV_plan\n    title: A\n    due: 2021-09-30\n",
              expected: "schedules/p.yaml:6:9: milestone id 'APV_plan' may only use a-z, 0-9 and '-' (at most 64 characters)"),
        .init(name: "duplicate milestone id",
              yaml: "  - id: a\n    title: A\n    due: 2021-09-30\n  - id: a\n    title: B\n    due: 2021-10-30\n",
              expected: "schedules/p.yaml:9:9: duplicate milestone id 'a' (first at line 6)"),
        .init(name: "unknown person", yaml: "  - id: a\n    title: A\n    due: 2021-09-30\n    owner: ane\n",
              expected: "schedules/p.yaml:9:12: unknown person 'ane' in owner (did you mean 'anne'?)"),
        .init(name: "unknown channel", yaml: "  - id: a\n    title: A\n    due: 2021-09-30\n    notify: [mial]\n",
              expected: "schedules/p.yaml:9:14: unknown channel 'mial' in notify (did you mean 'mail'?)"),
        .init(name: "unparsable rule", yaml: "  - id: a\n    title: A\n    repeat: FREQ=QUARTERLY\n    start: 2021-03-31\n",
              expected: "schedules/p.yaml:8:13: repeat: FREQ=QUARTERLY is not supported (use DAILY, WEEKLY, MONTHLY or YEARLY)"),
        .init(name: "bad BYDAY", yaml: "  - id: a\n    title: A\n    repeat: FREQ=MONTHLY;BYDAY=-1XX\n    start: 2021-03-31\n",
              expected: "schedules/p.yaml:8:13: repeat: BYDAY value '-1XX' is not a weekday (MO, TU, … or e.g. -1FR)"),
        .init(name: "start not matching its rule",
              yaml: "  - id: q\n    title: Q\n    repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1\n    start: 2021-03-30\n",
              expected: "schedules/p.yaml:9:12: start 2021-03-30 is not an occurrence of 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1'; the first on or after it is 2021-03-31"),
        .init(name: "until before start",
              yaml: "  - id: q\n    title: Q\n    repeat: FREQ=MONTHLY\n    start: 2021-05-01\n    until: 2021-04-30\n",
              expected: "schedules/p.yaml:10:12: until 2021-04-30 is before start 2021-05-01"),
        .init(name: "repeat without start", yaml: "  - id: q\n    title: Q\n    repeat: FREQ=MONTHLY\n",
              expected: "schedules/p.yaml:6:5: a repeating milestone needs 'start' (its first occurrence)"),
        .init(name: "neither due nor repeat", yaml: "  - id: q\n    title: Q\n",
              expected: "schedules/p.yaml:6:5: milestone needs 'due' (a date) or 'repeat' (a rule with 'start')"),
        .init(name: "due and repeat", yaml: "  - id: q\n    title: Q\n    due: 2021-01-01\n    repeat: FREQ=DAILY\n",
              expected: "schedules/p.yaml:9:5: give either 'due' (one deadline) or 'repeat' (a series), not both"),
        .init(name: "unknown milestone key", yaml: "  - id: q\n    title: Q\n    due: 2021-01-01\n    befor: [1d]\n",
              expected: "schedules/p.yaml:9:5: unknown key 'befor' in milestone (did you mean 'before'?)"),
        .init(name: "bad shift", yaml: "  - id: q\n    title: Q\n    due: 2021-01-01\n    shift: later\n",
              expected: "schedules/p.yaml:9:12: shift must be one of before, after, none, found 'later'"),
        .init(name: "on_due not a boolean", yaml: "  - id: q\n    title: Q\n    due: 2021-01-01\n    on_due: sometimes\n",
              expected: "schedules/p.yaml:9:13: on_due must be true or false, found 'sometimes'"),
        .init(name: "bad date-time", yaml: "  - id: q\n    title: Q\n    due: 2021-09-30T25:00\n",
              expected: "schedules/p.yaml:8:10: due '2021-09-30T25:00' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)"),
        .init(name: "overdue every in working days", yaml: "  - id: q\n    title: Q\n    due: 2021-01-01\n    overdue: {every: 5bd, times: 2}\n",
              expected: "schedules/p.yaml:9:22: overdue.every '5bd' must be a number of days written Nd, at least 1d"),
        .init(name: "a list where a text belongs", yaml: "  - id: q\n    title: [Q]\n    due: 2021-01-01\n",
              expected: "schedules/p.yaml:7:12: title must be a single value, found a list"),
    ]

    @Test(arguments: scheduleCases)
    func scheduleMistake(_ c: Case) throws {
        let fixture = try ConfigFixture(main: baseMain, schedules: ["p.yaml": scheduleFile(c.yaml)])
        #expect(fixture.errors() == [c.expected])
    }

    @Test func duplicateProjectIdsAcrossFiles() throws {
        let file = scheduleFile("  - id: a\n    title: A\n    due: 2021-09-30\n")
        let fixture = try ConfigFixture(main: baseMain, schedules: ["a.yaml": file, "b.yaml": file])
        #expect(fixture.errors() == ["schedules/b.yaml:2:7: duplicate project id 'taskforce' (also in schedules/a.yaml)"])
    }

    @Test func everyMistakeIsReportedInOneRun() throws {
        let main = baseMain + "language: dk\nsend_time: \"25:00\"\n"
        let milestones = """
              - id: a
                title: A
                due: 2021-02-30
              - id: b
                title: B
                repeat: FREQ=MONTHLY;BYDAY=9MO
                start: 2021-01-04
                owner: nobody

            """
        let fixture = try ConfigFixture(main: main, schedules: ["p.yaml": scheduleFile(milestones)])
        #expect(fixture.errors() == [
            "frist.yaml:9:11: language must be one of da, en, found 'dk'",
            "frist.yaml:10:12: send_time '25:00' is not a time of day (HH:MM, e.g. \"09:00\")",
            "schedules/p.yaml:8:10: due '2021-02-30' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)",
            "schedules/p.yaml:11:13: repeat: BYDAY value '9MO' has a bad ordinal (a month has at most 5 of each weekday)",
            "schedules/p.yaml:13:12: unknown person 'nobody' in owner",
        ])
    }

    @Test func secretsNeverAppearInErrors() throws {
        let secret = "https://prod.webhook.office.com/webhookb2/SECRET-TOKEN-123"
        let main = "channels:\n  teams: {type: teams, url: \"\(secret)\", timeout: forever}\n  hook: {type: slack, url: \"not a url SECRET-TOKEN-456\"}\n"
        let fixture = try ConfigFixture(main: main)
        let errors = fixture.errors()
        #expect(errors.count == 2)
        #expect(!errors.joined().contains("SECRET-TOKEN"))
    }
}

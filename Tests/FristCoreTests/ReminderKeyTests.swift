import Testing
import FristCore

/// The key format in one place: written and read back the same, and nothing else taken for one.
@Suite struct ReminderKeyTests {
    @Test(arguments: ["taskforce/apv-handleplan@2021-09-30#before-14d", "taskforce/kvartalsstatus@2021-09-30#before-10bd",
                      "p/a@2021-09-30#overdue-2", "p/a@2021-09-30#escalation", "digest/ugens-frister@2021-09-13#digest",
                      "projekt/møde@2024-02-29#due"])
    func aKeyReadsBackAsWritten(_ text: String) throws {
        let key = try #require(ReminderKey(text))
        #expect(key.description == text)
        #expect(ReminderKey.text(prefix: key.prefix, occurrence: key.occurrence, suffix: key.suffix) == text)
        #expect(text.hasPrefix(key.target + "#"))
    }

    @Test func itsPartsAreThePrefixTheOccurrenceAndTheKind() throws {
        let key = try #require(ReminderKey("taskforce/kvartalsstatus@2022-12-31#before-10bd"))
        #expect(key.prefix == "taskforce/kvartalsstatus")
        #expect(key.occurrence == LocalDate(iso: "2022-12-31"))
        #expect(key.suffix == "before-10bd" && key.kind == "before")
        #expect(key.target == "taskforce/kvartalsstatus@2022-12-31")
        #expect(ReminderKey("p/a@2021-09-30#overdue-3")?.kind == "overdue")
    }

    @Test(arguments: ["p/a@2021-09-30", "p/a#due", "p/a@2021-02-30#due", "@2021-09-30#due", "p/a@2021-09-30#", "", "p/a@yesterday#due"])
    func whatIsNotAKeyIsNotReadAsOne(_ text: String) {
        #expect(ReminderKey(text) == nil)
    }
}

import FristCore
import FristText

/// The ack link pages' words: one table per language.
protocol AckLinkPageText: Sendable {
    var calendar: any CalendarWords { get }
    /// Before the day it was done: "Den er allerede meldt færdig " (a space follows).
    var alreadyDone: String { get }
    /// The confirmation's heading and button.
    var markDone: String { get }
    /// The heading once recorded.
    var markedDone: String { get }
    /// Before the day it was recorded.
    var recordedOn: String { get }
    var noMoreReminders: String { get }
    var expired: String { get }
    /// Before `frist ack TARGET`.
    var expiredAdvice: String { get }
    var forged: String { get }
    var forgedAdvice: String { get }
    var unknown: String { get }
    /// After the target.
    var notInConfig: String { get }
    /// Before the due date: "frist " / "due ".
    var due: String { get }
}

extension Language {
    /// The ack link pages' words in this language.
    var ackLinkPageText: any AckLinkPageText {
        switch self {
        case .da: DanishAckLinkPageText()
        case .en: EnglishAckLinkPageText()
        }
    }
}

struct DanishAckLinkPageText: AckLinkPageText {
    var calendar: any CalendarWords { DanishCalendarWords() }
    var alreadyDone: String { "Den er allerede meldt færdig " }
    var markDone: String { "Meld færdig" }
    var markedDone: String { "Meldt færdig" }
    var recordedOn: String { "Registreret som færdig" }
    var noMoreReminders: String { "Der kommer ikke flere påmindelser om den." }
    var expired: String { "Linket er udløbet" }
    var expiredAdvice: String { "Brug linket i en nyere påmindelse, eller bed en administrator om at køre" }
    var forged: String { "Linket er ikke gyldigt" }
    var forgedAdvice: String { "Kopiér hele linket fra påmindelsen, og prøv igen." }
    var unknown: String { "Fristen findes ikke længere" }
    var notInConfig: String { "er ikke i konfigurationen." }
    var due: String { "frist " }
}

struct EnglishAckLinkPageText: AckLinkPageText {
    var calendar: any CalendarWords { EnglishCalendarWords() }
    var alreadyDone: String { "It was already marked done on " }
    var markDone: String { "Mark it done" }
    var markedDone: String { "Marked done" }
    var recordedOn: String { "Recorded as done on" }
    var noMoreReminders: String { "No more reminders will come about it." }
    var expired: String { "The link has expired" }
    var expiredAdvice: String { "Use the link in a newer reminder, or ask an administrator to run" }
    var forged: String { "The link is not valid" }
    var forgedAdvice: String { "Copy the whole link from the reminder and try again." }
    var unknown: String { "The deadline is no longer there" }
    var notInConfig: String { "is not in the configuration." }
    var due: String { "due " }
}

/// The facts people scan for beside a reminder's text — its project, its deadline, who owns
/// it — labelled in the message's language. One list for every channel that shows them apart
/// from the text: the Teams fact set, the e-mail's table, Slack's context line.
struct MessageDetails {
    typealias Row = (label: String, value: String)

    let project: Row
    let due: Row
    /// Nil when the milestone names no owner.
    let owner: Row?

    /// The details of a reminder; nil for a digest, which is about many deadlines.
    init?(_ facts: MessageFacts) {
        guard facts.kind != "digest" else { return nil }
        let labels = facts.language.messageTexts.details
        project = (labels.project, facts.projectName)
        due = (labels.due, "\(facts.dueText) (\(facts.week))")
        owner = facts.owners.isEmpty ? nil : (labels.owner, facts.owners.map(\.name).joined(separator: ", "))
    }

    var rows: [Row] { [project, due] + (owner.map { [$0] } ?? []) }
}

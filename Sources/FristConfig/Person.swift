/// Someone who receives reminders.
public struct Person: Sendable, Hashable {
    public let id: String
    public let name: String
    public let email: String?
}

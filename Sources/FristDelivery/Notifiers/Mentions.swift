import FristConfig

extension MessageFacts {
    /// The recipients who have a handle in one chat system (`\.slack`, `\.teams`, …), each
    /// handle once, in the order the reminder names them: whom a post in a shared channel
    /// mentions, so the people it is for are notified.
    func mentions(_ system: KeyPath<ChatHandles, String?>) -> [(name: String, handle: String)] {
        var seen: Set<String> = []
        return recipients.compactMap { r in
            guard let handle = r.handles[keyPath: system], seen.insert(handle).inserted else { return nil }
            return (r.name, handle)
        }
    }
}

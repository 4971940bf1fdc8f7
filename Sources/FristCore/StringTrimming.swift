extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks. Cheaper than
    /// Foundation's `trimmingCharacters(in:)`, which matters when reading 100,000 milestones.
    public var trimmingSpaces: SubSequence {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return s
    }
}

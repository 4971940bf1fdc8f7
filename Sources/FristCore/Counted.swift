/// A count with its noun in the right number, in either language: "1 file", "2 files",
/// "1 påmindelse", "3 påmindelser". One helper, so no message says "1 people".
public func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}

import Dispatch
import FristCore

/// One schedule file, read and validated on its own: files are independent once people and
/// channels are known, so they are read on all cores.
struct ScheduleFile: Sendable {
    let file: String
    let project: Project?
    let templates: [String: String]
    /// Where the project's id is, for a duplicate reported across files.
    let idLine: Int
    let idColumn: Int
    let errors: [ConfigError]

    /// Reads `files` concurrently; the result is in the same order.
    static func read(_ files: [String], _ refs: References) -> [ScheduleFile] {
        let results = Slots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let diagnostics = Diagnostics()
            let doc = YAMLDocument(path: files[i], shownAs: files[i], diagnostics: diagnostics)
            let parsed = doc.project(refs)
            results.set(i, ScheduleFile(file: files[i], project: parsed?.0, templates: parsed?.templates ?? [:],
                                        idLine: parsed?.idNode?.line ?? 0,
                                        idColumn: parsed?.idNode?.column ?? 0, errors: diagnostics.errors))
        }
        return results.values()
    }

    /// Result slots written by index from concurrent iterations, each index exactly once; raw
    /// memory, so no two threads ever touch the same Swift value.
    private final class Slots: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<ScheduleFile?>
        init(count: Int) { storage = .allocate(capacity: count); storage.initialize(repeating: nil) }
        deinit {
            _ = storage.deinitialize()
            storage.deallocate()
        }
        func set(_ i: Int, _ value: ScheduleFile) { storage[i] = value }
        func values() -> [ScheduleFile] { storage.map { $0! } }
    }
}

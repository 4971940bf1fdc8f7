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
            if let root = doc.root, let shape = notASchedule(root) {
                // Only this error: the reader's own findings (a key given twice) would quote the file.
                results.set(i, ScheduleFile(notASchedule: files[i], shape))
                return
            }
            let parsed = doc.project(refs)
            results.set(i, ScheduleFile(file: files[i], project: parsed?.0, templates: parsed?.templates ?? [:],
                                        idLine: parsed?.idNode?.line ?? 0,
                                        idColumn: parsed?.idNode?.column ?? 0, errors: diagnostics.errors))
        }
        return results.values()
    }

    /// What the file is instead of a schedule, or nil when it is meant as one (a mapping with
    /// `project` or `milestones`, or a near miss: that is reported key by key). Never quotes
    /// the file: an include glob may match a credential sitting next to the schedules.
    static func notASchedule(_ root: Node) -> String? {
        let expected = "a schedule is a mapping with 'project:' and 'milestones:'"
        switch root.content {
        case .scalar: return "its top level is a single value; \(expected)"
        case .sequence: return "its top level is a list; \(expected)"
        case .mapping(let pairs):
            let meant = pairs.contains { pair in
                guard case .scalar(let key, _) = pair.key.content else { return false }
                return suggestion(for: key, among: ["project", "milestones"]) != nil
            }
            return meant ? nil : "it has neither 'project:' nor 'milestones:'; \(expected)"
        }
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

extension ScheduleFile {
    /// A file an include matched that is no schedule, reported at its path alone.
    fileprivate init(notASchedule file: String, _ shape: String) {
        let why = "its content is not shown: a glob may have matched a credential"
        let message = "is not a schedule file: \(shape) (\(why))"
        self.init(file: file, project: nil, templates: [:], idLine: 0, idColumn: 0,
                  errors: [ConfigError(file: file, line: 0, column: 0, message: message)])
    }
}

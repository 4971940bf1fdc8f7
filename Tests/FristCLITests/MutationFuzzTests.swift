import Foundation
import FristTestSupport
import Testing
import FristConfig

/// Thousands of randomly damaged configs: loading never crashes, and always ends in a valid
/// config or in errors that each name a place in a file; every tenth one also goes through the
/// real `frist check`, which must exit 0 or 78 with one `file:line:col: message` per line.
@Suite struct MutationFuzzTests {
    /// The shipped example, the realistic starting point for mistakes.
    static let exampleFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config").path

    static let fragments = [
        ":", "- ", "  ", "\t", "{", "}", "[", "]", "null", "~", "off", "yes", "2021-02-30", "2021-13-01",
        "FREQ=", "BYDAY=-1XX", "25:00", "14w", "-3d", "\"", "'", "&a", "*a", "!!int", "#", "æøå", "💥",
        "99999999999999999999", "0bd", "id: x", "due: 2021-09-30", "repeat: FREQ=DAILY;COUNT=3",
        "until: 1900-01-01", "start: 2021-01-01", "type: teams", "to: [nobody]", "..", "? ", "|", ">",
    ]

    @Test func damagedConfigsNeverCrash() async throws {
        let main = try String(contentsOfFile: Self.exampleFolder + "/frist.yaml", encoding: .utf8)
        let schedule = try String(contentsOfFile: Self.exampleFolder + "/schedules/taskforce.yaml", encoding: .utf8)
        var rng = SplitMix64(seed: 2021)
        var outcomes = (valid: 0, invalid: 0)
        let errorLine = #/^.+\.yaml(:\d+:\d+)?: \S.*$/#
        for round in 0..<2000 {
            let damageMain = rng.next() % 3 == 0
            let folder = try TemporaryFolder([
                "frist.yaml": damageMain ? mutate(main, &rng) : main,
                "schedules/taskforce.yaml": damageMain ? schedule : mutate(schedule, &rng),
            ])
            let path = folder.path + "/frist.yaml"
            switch ConfigLoader.load(path: path) {
            case .success:
                outcomes.valid += 1
            case .failure(let e):
                outcomes.invalid += 1
                #expect(!e.errors.isEmpty)
                for error in e.errors {
                    #expect(error.file.hasSuffix(".yaml"))
                    #expect(!error.message.isEmpty && !error.message.contains("\n"))
                }
            }
            if round % 10 == 0 {
                let r = try await FristBinary.result(of: ["check", "--config", path])
                #expect(r.status == 0 || r.status == 78, "exit \(r.status): \(r.stderr)")
                #expect(r.stderrLines.allSatisfy { $0.wholeMatch(of: errorLine) != nil }, "\(r.stderr)")
            }
        }
        // Both outcomes occur, so the mutations reach the validator and not only the YAML parser.
        #expect(outcomes.valid > 100 && outcomes.invalid > 600)
    }

    func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0...(rng.next() % 3) {
            let i = Int(rng.next() % UInt64(lines.count))
            switch rng.next() % 6 {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2:
                var chars = Array(lines[i])
                if !chars.isEmpty { chars.remove(at: Int(rng.next() % UInt64(chars.count))) }
                lines[i] = String(chars)
            case 3:
                var chars = Array(lines[i])
                let at = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count + 1))
                chars.insert(contentsOf: Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))], at: at)
                lines[i] = String(chars)
            case 4:
                // Replace a value with another plausible one.
                if let colon = lines[i].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...colon]) + " " + Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))]
                }
            default:
                lines[i] = String(repeating: " ", count: Int(rng.next() % 4)) + lines[i]
            }
            if lines.isEmpty { lines = [""] }
        }
        return lines.joined(separator: "\n")
    }
}

/// A small, seedable random number generator: the same seed gives the same damage every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

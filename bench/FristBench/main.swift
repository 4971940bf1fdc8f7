import FristConfig
import FristCore
import Foundation

// Planning benchmark: load a config, compile the plan, then walk every reminder of a span in
// time order (as the daemon does) and answer the daemon's and `upcoming`'s questions.
// Usage: frist-bench CONFIG [FROM] [TO]   (release build: swift build -c release --product frist-bench)

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kb / 1024
}

func measure<T>(_ label: String, _ work: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    var result: T?
    let elapsed = try clock.measure { result = try work() }
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    print(String(format: "| %@ | %.1f ms | %.0f MB |", label, ms, peakRSSMegabytes()))
    return result!
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: frist-bench CONFIG [FROM] [TO]\n".utf8))
    exit(1)
}
let from = LocalDate(iso: arguments.count > 2 ? arguments[2] : "2021-01-01")!.dayNumber
let to = LocalDate(iso: arguments.count > 3 ? arguments[3] : "2026-01-01")!.dayNumber

print("| step | time | peak RSS so far |")
print("|---|---|---|")
let config = measure("load + validate config (YAML)") { () -> FristConfig in
    switch ConfigLoader.load(path: arguments[1]) {
    case .success(let c): return c
    case .failure(let e):
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        exit(78)
    }
}
let plan = measure("compile plan") { Plan(config.schedule) }
let count = measure("walk every reminder \(LocalDate(dayNumber: from))..\(LocalDate(dayNumber: to)) in time order") { () -> Int in
    var n = 0
    var last = Int64.min
    for r in plan.timeline(startingAt: Int64(from) * 86_400 - 50_400) {
        if Int(r.date) >= to { break }
        precondition(r.instant >= last, "timeline out of order")
        last = r.instant
        n += 1
    }
    return n
}
let window = measure("one 30-day window (upcoming)") { plan.reminders(from: from + 400, to: from + 430).count }
let next = measure("next reminder after an instant (daemon)") { () -> Int64 in
    var t = plan.timeline(startingAt: Int64(from + 700) * 86_400)
    return t.next()?.instant ?? 0
}
let milestones = config.schedule.projects.reduce(0) { $0 + $1.milestones.count }
let recurring = config.schedule.projects.reduce(0) { n, p in
    n + p.milestones.filter { if case .repeating = $0.schedule { true } else { false } }.count
}
print("")
print("milestones: \(milestones) (\(recurring) recurring); reminders walked: \(count); in the 30-day window: \(window); next at \(next)")

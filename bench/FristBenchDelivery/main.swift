import FristConfig
import FristDelivery
import Foundation

// Delivery benchmark: N webhook notifications through the real notifier and libcurl transport,
// C at a time, to one endpoint (a local nginx answering 204 in bench/delivery/run.sh).
// Usage: frist-bench-delivery --url URL [--count N] [--concurrency C]
// Prints: sent=N failed=F seconds=S throughput=X/s p50_ms=… p99_ms=…

func option(_ name: String, _ fallback: String?) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

guard let url = option("--url", nil) else {
    FileHandle.standardError.write(Data("usage: frist-bench-delivery --url URL [--count N] [--concurrency C]\n".utf8))
    exit(1)
}
let count = Int(option("--count", "20000")!) ?? 20_000
let concurrency = Int(option("--concurrency", "32")!) ?? 32

let settings = WebhookSettings(url: .inline(url))
let notifier = WebhookNotifier(channel: ChannelConfig(name: "bench", settings: .webhook(settings)), settings: settings)
let transport = CurlTransport(maxConnectionsPerHost: concurrency)
let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { _ in }

func message(_ i: Int) -> Message {
    let key = "bench/m\(i)@2021-09-30#before-14d"
    let facts = MessageFacts(
        key: key, kind: "before", projectId: "bench", projectName: "Benchmark", milestoneId: "m\(i)",
        title: "Handleplan for psykisk APV godkendt", due: "2021-09-30", dueText: "torsdag 30. september 2021",
        week: "uge 39", occurrence: "2021-09-30", at: "2021-09-16T07:00:00Z", local: "2021-09-16T09:00:00+02:00",
        days: 14, when: "om 14 dage", overdueCount: 0,
        recipients: [.init(id: "anne", name: "Anne Jensen", email: "anne@example.dk")], owners: [], language: .da)
    return Message(key: key, kind: .due, facts: facts, subject: "Frist om 14 dage: Handleplan for psykisk APV godkendt",
                   body: "Påmindelse: »Handleplan for psykisk APV godkendt« har frist torsdag 30. september 2021 (uge 39) – om 14 dage.",
                   markdownBody: "", htmlBody: "")
}

let started = Date()
let results = await withTaskGroup(of: (Double, Bool).self) { group in
    var latencies: [(Double, Bool)] = []
    latencies.reserveCapacity(count)
    var next = 0
    func add() {
        let m = message(next)
        next += 1
        group.addTask {
            let t0 = Date()
            let attempt = await notifier.send(m, via: context)
            return (Date().timeIntervalSince(t0), attempt.outcome == .delivered)
        }
    }
    while next < min(concurrency, count) { add() }
    while let r = await group.next() {
        latencies.append(r)
        if next < count { add() }
    }
    return latencies
}
let seconds = Date().timeIntervalSince(started)
transport.shutdown()
let sorted = results.map(\.0).sorted()
func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
let failed = results.filter { !$0.1 }.count
print(String(format: "sent=%d failed=%d seconds=%.3f throughput=%.0f/s p50_ms=%.2f p99_ms=%.2f",
             results.count, failed, seconds, Double(results.count) / seconds, percentile(0.5), percentile(0.99)))

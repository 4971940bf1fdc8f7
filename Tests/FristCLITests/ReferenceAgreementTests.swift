import Foundation
import FristTestSupport
import Testing

/// `frist upcoming --json` against an independent Python implementation of the same contract
/// (bench/reference_upcoming.py: PyYAML, dateutil's rrule, zoneinfo) on the shipped example and
/// on generated configs with other zones, weekends, send times in DST gaps, and rules.
@Suite(.serialized) struct ReferenceAgreementTests {
    static let python = "/usr/bin/env"

    func reference(_ config: String, from: String, to: String) async throws -> FristBinary.Result {
        try await FristBinary.result(executable: Self.python, ["python3", "bench/reference_upcoming.py",
                                                      "--config", config, "--from", from, "--to", to])
    }

    func frist(_ config: String, from: String, to: String) async throws -> FristBinary.Result {
        try await FristBinary.result(of: ["upcoming", "--json", "--config", config, "--from", from, "--to", to])
    }

    @Test func theShippedExampleAgrees() async throws {
        let ours = try await frist("config/frist.yaml", from: "2021-01-01", to: "2029-01-01")
        let theirs = try await reference("config/frist.yaml", from: "2021-01-01", to: "2029-01-01")
        #expect(ours.status == 0 && theirs.status == 0, "\(theirs.stderr)")
        #expect(ours.stdoutLines.count > 250)
        #expect(ours.stdout == theirs.stdout)
    }

    @Test(arguments: [11, 12, 13, 14, 15, 16])
    func generatedConfigsAgree(seed: Int) async throws {
        let folder = try TemporaryFolder()
        let gen = try await FristBinary.result(executable: Self.python, [
            "python3", "bench/gen_config.py", folder.path, "--milestones", "250", "--seed", "\(seed)", "--variety",
        ])
        #expect(gen.status == 0, "\(gen.stderr)")
        let config = folder.path + "/frist.yaml"
        let ours = try await frist(config, from: "2020-06-01", to: "2026-03-01")
        let theirs = try await reference(config, from: "2020-06-01", to: "2026-03-01")
        #expect(ours.status == 0, "\(ours.stderr.prefix(500))")
        #expect(theirs.status == 0, "\(theirs.stderr.prefix(500))")
        #expect(ours.stdoutLines.count > 1000)
        let mismatch = zip(ours.stdoutLines, theirs.stdoutLines).first { $0 != $1 }
        #expect(mismatch == nil, "first difference: frist \(mismatch?.0 ?? "") vs reference \(mismatch?.1 ?? "")")
        #expect(ours.stdoutLines.count == theirs.stdoutLines.count)
    }
}

import Foundation
import GKExport
import GKParse
import Testing

/// Outputs are written to a temporary file and renamed into place: never half-written.
@Suite("Atomic output")
struct OutputSinkTests {
    @Test("finish() renames the temporary file into place; nothing else is left in the folder")
    func finishRenames() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("out/report.json")
        let sink = try AtomicFileSink(path: target)
        try sink.write("[\n")
        #expect(!FileManager.default.fileExists(atPath: target), "the target appears only when finished")
        try sink.write("]\n")
        try sink.finish()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "[\n]\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == ["report.json"])
    }

    @Test("an output abandoned before finish() leaves the previous file as it was and no temporary file")
    func abandonedKeepsPrevious() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("report.json", Data("previous\n".utf8))
        do {
            let sink = try AtomicFileSink(path: target)
            try sink.write("half of a new")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }

    @Test("Extraction.stream hands over the reports one by one, in order, with the failures in place")
    func streamInOrder() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", Data(try Fixtures.seedText("002").utf8))
        try folder.write("b.txt", Data())
        try folder.write("c.txt", Data(try Fixtures.seedText("003").utf8))
        try folder.write("d.doc", Data("%PDF".utf8))
        var seen: [String] = []
        let listing = Extraction.stream([folder.path]) { result in
            switch result {
            case .success(let loaded): seen.append("ok " + (loaded.report.metadata.agency?.value ?? "?"))
            case .failure(let error): seen.append("error " + (error.path as NSString).lastPathComponent)
            }
        }
        #expect(seen == ["ok 招远市卫生健康局", "error b.txt", "ok 惠农区卫生健康局"])
        #expect(listing.skipped.map { ($0.path as NSString).lastPathComponent } == ["d.doc"])
    }
}

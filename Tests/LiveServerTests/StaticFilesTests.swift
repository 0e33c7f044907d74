import Foundation
import Glibc
import Testing

@testable import LiveServer

/// The web client's files as a phone gets them: compressed, with an ETag, revalidated with 304.
@Suite struct StaticFilesTests {
    /// A web folder with a compressible script (repetitive, like real code) and a page.
    static func webFolder(script: String) throws -> String {
        let folder = ServerProcess.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/js", withIntermediateDirectories: true)
        try "<!doctype html><title>t</title><p>marker-page</p>\n".write(
            toFile: folder + "/index.html", atomically: true, encoding: .utf8)
        try script.write(toFile: folder + "/js/app.js", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: folder + "/.env", atomically: true, encoding: .utf8)
        return folder
    }

    static let script = (0..<200).map { "export const label\($0) = t('label.\($0)', 'Etikett \($0)');\n" }.joined()

    /// gunzip, the system's own: what a browser would do with the body.
    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = ServerProcess.temporaryDirectory() + "/body.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", input]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the body is valid gzip")
        return Array(data)
    }

    @Test func aBrowserThatAcceptsGzipGetsTheFileCompressedWithAnETagToRevalidate() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder(script: Self.script))
        let compressed = try WebSocketTestClient.httpGet(
            port: server.port, path: "/js/app.js", headers: ["Accept-Encoding": "gzip, deflate, br"])
        #expect(compressed.status == 200)
        #expect(compressed.headers["content-encoding"] == "gzip")
        #expect(compressed.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(compressed.headers["cache-control"] == "no-cache")
        #expect(compressed.headers["vary"] == "accept-encoding")
        #expect(compressed.body.count * 4 < Self.script.utf8.count, "\(compressed.body.count) of \(Self.script.utf8.count) bytes")
        #expect(try Self.gunzip(compressed.body) == Array(Self.script.utf8))
        TransportTests.expectSecurityHeaders(compressed.headers)

        let plain = try WebSocketTestClient.httpGet(port: server.port, path: "/js/app.js")
        #expect(plain.headers["content-encoding"] == nil)
        #expect(plain.body == Array(Self.script.utf8))
        let etag = try #require(compressed.headers["etag"])
        #expect(plain.headers["etag"] != etag, "each encoding has its own ETag")

        let unchanged = try WebSocketTestClient.httpGet(
            port: server.port, path: "/js/app.js", headers: ["Accept-Encoding": "gzip", "If-None-Match": etag])
        #expect(unchanged.status == 304)
        #expect(unchanged.body.isEmpty)
        #expect(unchanged.headers["etag"] == etag)
        #expect(unchanged.headers["content-length"] == String(compressed.body.count))

        let refused = try WebSocketTestClient.httpGet(
            port: server.port, path: "/js/app.js", headers: ["Accept-Encoding": "gzip;q=0, br"])
        #expect(refused.headers["content-encoding"] == nil && refused.body == Array(Self.script.utf8))
    }

    @Test func anEditedFileIsServedAnewUnderANewETag() throws {
        let folder = try Self.webFolder(script: Self.script)
        let server = try ServerProcess(webRoot: folder)
        let before = try WebSocketTestClient.httpGet(port: server.port, path: "/js/app.js")
        let edited = Self.script + "export const added = 1;\n"
        try edited.write(toFile: folder + "/js/app.js", atomically: true, encoding: .utf8)
        let after = try WebSocketTestClient.httpGet(
            port: server.port, path: "/js/app.js", headers: ["If-None-Match": before.headers["etag"] ?? ""])
        #expect(after.status == 200)
        #expect(after.body == Array(edited.utf8))
        #expect(after.headers["etag"] != before.headers["etag"])
    }

    @Test func theRootIsThePageAndNothingOutsideOrHiddenIsServed() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder(script: Self.script))
        let page = try WebSocketTestClient.httpGet(port: server.port, path: "/")
        #expect(page.status == 200 && page.text.contains("marker-page"))
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        let head = try WebSocketTestClient.httpGet(port: server.port, path: "/js/app.js", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers["content-length"] == String(Self.script.utf8.count))
        for path in ["/.env", "/js/../.env", "/js", "/missing.js", "/%2e%2e/etc/passwd"] {
            let response = try WebSocketTestClient.httpGet(port: server.port, path: path)
            #expect(response.status == 404, "\(path)")
            #expect(!response.text.contains("secret"), "\(path)")
        }
        let post = try WebSocketTestClient.httpGet(port: server.port, path: "/js/app.js", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
    }

    /// A request that carries a body (a script's POST, often with `Content-Length: 0`) gets
    /// the whole refusal, not its headers alone.
    @Test func aRequestWithABodyGetsTheWholeAnswer() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder(script: Self.script))
        for (path, body) in [("/healthz", ""), ("/js/app.js", "x"), ("/api/meetings/K7QM3P/minutes.md", "{}")] {
            let answer = try WebSocketTestClient.httpGet(port: server.port, path: path, method: "POST", body: body)
            #expect(answer.status == 405, "\(path)")
            #expect(answer.text.contains("method_not_allowed"), "\(path): \(answer.text)")
        }
    }

    /// A file larger than the socket takes at once reaches a phone that reads slowly: lws's 5 s
    /// content timeout from the request no longer cuts it off while it drains.
    @Test func aLargeFileReachesAReaderThatTakesLongerThanFiveSeconds() throws {
        let folder = try Self.webFolder(script: Self.script)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/js/big.bin"))
        let server = try ServerProcess(webRoot: folder)
        let answer = try WebSocketTestClient.httpGet(
            port: server.port, path: "/js/big.bin", readingAfter: 7, receiveBufferSize: 4_096, timeout: 30)
        #expect(answer.status == 200)
        #expect(answer.body.count == bytes.count && answer.body == bytes)
    }

    @Test func aBrowserWithTheCookiesOfABigSharedDomainGetsThePage() throws {
        let server = try ServerProcess(webRoot: try Self.webFolder(script: Self.script))
        let cookies = (0..<40).map { "analytics_\($0)=\(String(repeating: "x", count: 200))" }.joined(separator: "; ")
        #expect(cookies.utf8.count > 8_000)
        let page = try WebSocketTestClient.httpGet(port: server.port, path: "/", headers: ["Cookie": cookies])
        #expect(page.status == 200 && page.text.contains("marker-page"))
    }

    @Test func requestPathsMapOnlyToVisibleFilesUnderTheRoot() {
        #expect(StaticFiles.fileName("/") == "index.html")
        #expect(StaticFiles.fileName("/js/app.js") == "js/app.js")
        #expect(StaticFiles.fileName("//js//app.js") == "js/app.js")
        #expect(StaticFiles.fileName("/../secret") == nil)
        #expect(StaticFiles.fileName("/.git/config") == nil)
        #expect(StaticFiles.fileName("/js/..") == nil)
    }

    @Test(arguments: [
        ("gzip, deflate, br", true), ("br", false), ("gzip;q=0", false), ("GZIP", true), ("*", true),
        ("deflate, gzip;q=0.5", true), ("identity", false), ("*;q=0, gzip", true), ("*;q=0.5, gzip;q=0", false),
    ])
    func acceptEncodingIsRead(value: String, accepts: Bool) {
        #expect(Gzip.isAccepted(by: value) == accepts)
    }
}

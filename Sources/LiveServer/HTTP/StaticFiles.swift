import Foundation
import Glibc

/// The web client's files, answered from memory. Each file is read and gzip-compressed once
/// (again when it changes on disk) and carries an ETag of its content with `no-cache`, so a
/// phone on a weak link downloads the client compressed the first time and afterwards only
/// asks whether it changed (a 304 of a few hundred bytes). Service thread only.
final class StaticFiles {
    private struct File {
        var identity: FileIdentity
        var body: [UInt8]
        var gzipped: [UInt8]?
        var contentType: String
        var etag: String
    }

    /// What changes when a file is replaced or edited.
    private struct FileIdentity: Equatable {
        var device: UInt
        var inode: UInt
        var size: Int
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    /// Files larger than this are not served (the client's largest is about 45 KB).
    static let maxFileBytes = 4 << 20

    let root: String
    private var files: [String: File] = [:]

    init(root: String) { self.root = root }

    /// The answer to a GET or HEAD of `path`, or nil when there is no such file. Only the two
    /// request headers it depends on are read (a page load asks for a dozen files).
    func response(path: String, acceptEncoding: String?, ifNoneMatch: String?) -> HTTPResponse? {
        guard let name = Self.fileName(path), let file = load(name) else { return nil }
        let gzip = file.gzipped != nil && Gzip.isAccepted(by: acceptEncoding)
        let etag = gzip ? "\"\(file.etag)-gz\"" : "\"\(file.etag)\""
        var response = HTTPResponse(
            status: 200, contentType: file.contentType, body: gzip ? file.gzipped! : file.body,
            headers: ["etag": etag, "cache-control": "no-cache", "vary": "accept-encoding"])
        if gzip { response.headers["content-encoding"] = "gzip" }
        if Self.matches(ifNoneMatch, etag: etag) { response.status = 304 }
        return response
    }

    /// The file a request path names, relative to the root; nil for anything that could leave
    /// the root or reach a hidden file.
    static func fileName(_ path: String) -> String? {
        let plain = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = plain.split(separator: "/", omittingEmptySubsequences: true)
        if parts.isEmpty { return "index.html" }
        guard !parts.contains(where: { $0.hasPrefix(".") || $0.contains("\0") || $0.contains("\\") }) else { return nil }
        return parts.joined(separator: "/")
    }

    private static func matches(_ ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    /// The file from memory, read again when its identity on disk changed; nil if it is gone,
    /// is not a regular file, or is too large.
    private func load(_ name: String) -> File? {
        let path = root + "/" + name
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= Self.maxFileBytes else {
            files[name] = nil
            return nil
        }
        let identity = FileIdentity(
            device: UInt(info.st_dev), inode: UInt(info.st_ino), size: Int(info.st_size),
            modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        if let cached = files[name], cached.identity == identity { return cached }
        guard let body = Self.contents(of: path, expected: identity.size) else { return nil }
        let contentType = Self.contentType(of: name)
        // Compressing pays only for text; a few bytes saved are not worth a second variant.
        let compressible = contentType.hasPrefix("text/") || contentType.hasPrefix("application/") || contentType.hasPrefix("image/svg")
        let gzipped = compressible
            ? Gzip.compress(body).flatMap { $0.count + 64 < body.count ? $0 : nil } : nil
        let etag = Array(SHA256.hash(body).prefix(12)).hexString
        let file = File(identity: identity, body: body, gzipped: gzipped, contentType: contentType, etag: etag)
        files[name] = file
        return file
    }

    private static func contents(of path: String, expected: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes = [UInt8](repeating: 0, count: expected)
        var filled = 0
        while filled < expected {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, expected - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }

    private static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json", "webmanifest": "application/manifest+json", "svg": "image/svg+xml",
        "txt": "text/plain; charset=utf-8", "png": "image/png", "ico": "image/x-icon", "woff2": "font/woff2",
    ]

    static func contentType(of name: String) -> String {
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return contentTypes[suffix] ?? "application/octet-stream"
    }
}

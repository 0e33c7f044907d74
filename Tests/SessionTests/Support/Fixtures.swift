import Foundation

/// Reads and (with UPDATE_FIXTURES=1) rewrites the JSON fixture files shared with the web client.
enum Fixtures {
    /// The source folder, so updates land in the repository rather than the build folder.
    static let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1" }

    static func files(in folder: String) throws -> [String: String] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(folder)
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".json") {
            result[String(name.dropLast(5))] = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    static func write(_ text: String, to folder: String, name: String) throws {
        let dir = sourceFolder.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try (text + "\n").write(to: dir.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
    }
}

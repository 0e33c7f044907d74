/// The plain-text tables `bench-assign` prints: the titles, a rule under them, and each row's
/// values right-aligned under their titles.
struct BenchTable {
    let titles: [String]

    func printTitles() {
        print(titles.joined(separator: " | "))
        print(titles.map { String(repeating: "-", count: $0.count) }.joined(separator: " | "))
    }

    func printRow(_ values: [String]) {
        print(zip(values, titles).map { value, title in String(repeating: " ", count: max(0, title.count - value.count)) + value }
            .joined(separator: " | "))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

/// GF(q) for q = p^k with k ≤ 3, as addition and multiplication tables over `0..<q`.
struct FiniteField: Sendable {
    let order: Int
    private let addition: [Int]
    private let multiplication: [Int]
    private let negation: [Int]

    /// Nil unless `order` is a prime, or the square or cube of one.
    init?(order q: Int) {
        guard q >= 2 else { return nil }
        var p = 2
        while p * p <= q && q % p != 0 { p += 1 }
        if q % p != 0 { p = q }
        var k = 0
        var rest = q
        while rest % p == 0 {
            rest /= p
            k += 1
        }
        guard rest == 1, k <= 3 else { return nil }
        order = q

        // Elements are polynomials of degree < k over GF(p), digit i = coefficient of x^i.
        func digits(_ a: Int) -> [Int] { (0..<k).map { i in (a / Self.power(p, i)) % p } }
        func number(_ d: [Int]) -> Int { d.enumerated().reduce(0) { $0 + $1.element * Self.power(p, $1.offset) } }
        // A monic irreducible polynomial of degree k (for k ≤ 3: one without a root mod p).
        var modulus = [Int](repeating: 0, count: k) + [1]
        if k > 1 {
            search: for c in 0..<Self.power(p, k) {
                let low = digits(c)
                for r in 0..<p {
                    let value = low.enumerated().reduce(Self.power(r, k)) { $0 + $1.element * Self.power(r, $1.offset) } % p
                    if value == 0 { continue search }
                }
                modulus = low + [1]
                break
            }
        }
        var addition = [Int](repeating: 0, count: q * q)
        var multiplication = [Int](repeating: 0, count: q * q)
        for a in 0..<q {
            let da = digits(a)
            for b in 0..<q {
                let db = digits(b)
                addition[a * q + b] = number((0..<k).map { (da[$0] + db[$0]) % p })
                var product = [Int](repeating: 0, count: 2 * k)
                for i in 0..<k { for j in 0..<k { product[i + j] = (product[i + j] + da[i] * db[j]) % p } }
                var degree = 2 * k - 1
                while degree >= k {
                    let lead = product[degree]
                    if lead != 0 {
                        for i in 0...k { product[degree - k + i] = ((product[degree - k + i] - lead * modulus[i]) % p + p) % p }
                    }
                    degree -= 1
                }
                multiplication[a * q + b] = number(Array(product[0..<k]))
            }
        }
        self.addition = addition
        self.multiplication = multiplication
        negation = (0..<q).map { a in (0..<q).first { addition[a * q + $0] == 0 }! }
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= base }
        return result
    }

    func add(_ a: Int, _ b: Int) -> Int { addition[a * order + b] }
    func multiply(_ a: Int, _ b: Int) -> Int { multiplication[a * order + b] }
    func negate(_ a: Int) -> Int { negation[a] }
}

/// The affine plane of order q: q² points (x, y) = x·q + y, and q + 1 parallel classes of q
/// lines each, where every two points share exactly one line. A class is a round with no
/// repeated pair; the q + 1 classes together seat everyone with everyone exactly once.
struct AffinePlane: Sendable {
    let field: FiniteField
    var order: Int { field.order }

    init?(order q: Int) {
        guard let field = FiniteField(order: q) else { return nil }
        self.field = field
    }

    /// The line through `point` in parallel class `round`: classes `0..<q` are the slopes
    /// m = round (line b = y − m·x), class q the verticals (line = x). Points (0, t) lie on
    /// line t of every sloped class, which is what keeps hosts at their tables.
    func line(of point: Int, inClass round: Int) -> Int {
        let x = point / order
        let y = point % order
        if round == order { return x }
        return field.add(y, field.negate(field.multiply(round, x)))
    }
}

import Testing

@testable import LiveServer

/// The decoder refuses every byte sequence that is not well-formed UTF-8 (RFC 3629), in values
/// and in keys, including forms json-c's own check lets through.
@Suite struct UTF8DecoderTests {
    @Test(
        arguments: [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],  // overlong
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],  // beyond U+10FFFF
            [0xC3, 0x28], [0x80], [0xFF],
        ] as [[UInt8]])
    func refusesIllFormedUTF8(_ bytes: [UInt8]) {
        let inValue = Array(#"{"t":""#.utf8) + bytes + Array(#""}"#.utf8)
        let inKey = Array(#"{""#.utf8) + bytes + Array(#"":1}"#.utf8)
        for message in [inValue, inKey] {
            #expect(throws: ProtocolError.invalidUTF8) { try FrameDecoder().decodeObject(message) }
        }
    }

    /// An escaped lone surrogate is valid JSON (RFC 8259 §8.2 leaves its meaning open); json-c
    /// reads it as U+FFFD, so what is stored is still well-formed UTF-8.
    @Test func escapedLoneSurrogatesBecomeReplacementCharactersAndPairsAreKept() throws {
        #expect(try FrameDecoder().decodeObject(Array(#"{"t":"a\ud800b"}"#.utf8))["t"]?.stringValue == "a\u{FFFD}b")
        let pair = try FrameDecoder().decodeObject(Array(#"{"t":"\ud83d\ude00 åäö"}"#.utf8))
        #expect(pair["t"]?.stringValue == "😀 åäö")
    }
}

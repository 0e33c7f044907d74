import Testing

@testable import Session

@Suite struct JSONValueTests {
    @Test func serialisesWithSortedKeysAndEscapes() {
        let value: JSONValue = ["b": 1, "a": ["x", nil, true], "c": "<tag>\"\n"]
        #expect(value.serialized == #"{"a":["x",null,true],"b":1,"c":"\u003ctag\u003e\"\n"}"#)
    }

    @Test func copiesPlainTextWholeAndEscapesEverythingElse() {
        #expect(JSONValue.string("Välkommen, Åsa – 2026").serialized == "\"Välkommen, Åsa – 2026\"")
        #expect(JSONValue.string("Hej").serialized == "\"Hej\"")
        #expect(JSONValue.string("a–b\u{2028}c\u{2029}&\\\u{1}").serialized == #""a–b\u2028c\u2029\u0026\\\u0001""#)
    }

    @Test func writesNumbersAsDigits() {
        let numbers: [JSONValue] = [0, 7, -42, .int(.max), .int(.min), .double(3), .double(-0.125), .double(1e15), .double(.nan)]
        #expect(
            JSONValue.array(numbers).serialized
                == "[0,7,-42,9223372036854775807,-9223372036854775808,3,-0.125,1000000000000000.0,null]")
        #expect(JSONValue.object(["n": 1_234_567_890]).serializedBytes == Array(#"{"n":1234567890}"#.utf8))
    }

    @Test func readerTrimsAndLimits() throws {
        let reader = FieldReader(["name": "  Ada  ", "long": .string(String(repeating: "x", count: 81))])
        #expect(try reader.string("name", maxLength: 80) == "Ada")
        #expect(throws: DomainError.tooLong("long", max: 80)) { try reader.string("long", maxLength: 80) }
        #expect(throws: DomainError.missingField("none")) { try reader.string("none", maxLength: 80) }
    }
}

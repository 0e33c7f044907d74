import Testing

@testable import Session

@Suite struct MatrixVocabularyTests {
    @Test(arguments: [
        (MeasuredLevel.information, DeclaredLevel.information, "information", "information"),
        (.consultation, .consultation, "samråd", "consultation"),
        (.broadDialogue, .dialogue, "bred dialog", "broad dialogue"),
        (.collaborativeDialogue, .dialogue, "samverkande dialog", "collaborative dialogue"),
        (.partnership, .partnership, "partnerskap", "partnership"),
    ])
    func levelsMapToTheDeclaredScale(measured: MeasuredLevel, declared: DeclaredLevel, sv: String, en: String) {
        #expect(measured.declaredEquivalent == declared)
        #expect(measured.label(in: .sv) == sv)
        #expect(measured.label(in: .en) == en)
    }

    @Test func levelsAreOrderedAndSpelledForTheWire() {
        #expect(MeasuredLevel.allCases == MeasuredLevel.allCases.sorted())
        #expect(
            MeasuredLevel.allCases.map(\.rawValue) == [
                "information", "consultation", "broad_dialogue", "collaborative_dialogue", "partnership",
            ])
        #expect(MatrixConfidence.low < .high)
    }
}

@testable import Session

/// A café scripted through the real domain API: every step is decided and committed, as the
/// server would. Used by the minutes tests; the clock advances one minute per command.
struct MinutesCafeScript {
    var meeting: Meeting
    var now: Int64

    /// 2026-03-12 17:30 Swedish time (16:30 UTC).
    static let start: Int64 = MinutesClock.days(year: 2026, month: 3, day: 12) * 86_400_000 + (16 * 60 + 30) * 60_000

    static let scriptPayload = "<script>alert(1)</script>"
    static let attributePayload = #""><img src=x onerror=alert(1)>"#

    init(language: Language) {
        let info = MeetingInfo(
            title: "Dialogkafé om föreningsbidrag & lokaler",
            purpose: "Att höra civilsamhällets erfarenheter före beslut om nya bidragsregler.",
            language: language, date: "2026-03-12", declaredLevel: .dialogue, decisionStep: .drafting, theme: .grants,
            phase: .identifyInvolve, series: "Östgötadialogen 2026")
        meeting = Meeting(code: "KAFE42", info: info, createdAt: Self.start)
        now = Self.start
        _ = meeting.commit(Meeting.creation(code: "KAFE42", info: info), at: now)
    }

    @discardableResult
    mutating func run(_ command: MeetingCommand, by actor: Actor?) throws -> JSONValue? {
        now += 60_000
        return try meeting.perform(command, by: actor, at: now).result
    }

    mutating func join(_ name: String, _ sector: Sector, _ organisation: String, otherKind: OtherKind? = nil, showName: Bool = true)
        throws -> String
    {
        let request = JoinRequest(name: name, sector: sector, otherKind: otherKind, organisation: organisation, showName: showName)
        return try run(.join(request), by: nil)!["participant"]!.stringValue!
    }

    mutating func add(_ kind: InputKind, _ text: String, by id: String) throws -> String {
        try run(.addInput(kind: kind, text: text), by: .participant(id))!["input"]!.stringValue!
    }

    mutating func reply(to input: String, _ text: String, by id: String) throws -> String {
        try run(.reply(to: input, text: text), by: .participant(id))!["input"]!.stringValue!
    }

    mutating func push(_ text: String, _ kind: QuestionKind, options: [String] = [], tables: [String]? = nil, fromTopic: String? = nil)
        throws -> String
    {
        try run(.pushQuestion(text: text, kind: kind, options: options, tables: tables, fromTopic: fromTopic), by: .facilitator)![
            "question"]!
            .stringValue!
    }

    /// The non-host people at a table in a round, in id order.
    func guests(at table: String, round: String) -> [String] {
        let hosts = meeting.table(table)?.hosts ?? []
        return meeting.round(round)!.members(of: table).filter { !hosts.contains($0) }
    }

    /// The whole café: two tables, two rounds, questions, topics, moderation, commitments,
    /// exit poll, closing and feedback afterwards.
    static func played(language: Language) throws -> Meeting {
        var cafe = MinutesCafeScript(language: language)
        let karin = try cafe.join("Karin Lindström", .public, "Region Östergötland")
        let asa = try cafe.join("Åsa Öberg", .civil, "Föreningen Läs & Skriv")
        _ = try cafe.join("Mats \(attributePayload)", .civil, "Idrottsförbundet Östergötland")
        _ = try cafe.join("Eva Hemlig", .civil, "Röda Korset Linköping", showName: false)
        let jonas = try cafe.join("Jonas Ek", .public, "Linköpings kommun")
        let leila = try cafe.join("Leila Haddad", .other, "", otherKind: .targetGroup, showName: false)
        _ = try cafe.join("Per Ström", .civil, "Kyrkans Unga | Norrköping")
        _ = try cafe.join("Sofia Nyström", .civil, "Studieförbundet Vuxenskolan")

        try cafe.run(.addTables(count: 2, names: ["Ängen", "Åsen"]), by: .facilitator)
        try cafe.run(.setHost(table: "t1", participant: karin), by: .facilitator)
        try cafe.run(.setHost(table: "t2", participant: asa), by: .facilitator)
        let r1 = try cafe.run(.planRound(question: "Vad hindrar små föreningar från att söka bidrag?", minutes: 25), by: .facilitator)![
            "round"]!
            .stringValue!
        try cafe.run(.startRound(round: r1), by: .facilitator)

        let t1 = cafe.guests(at: "t1", round: r1), t2 = cafe.guests(at: "t2", round: r1)
        let proposal = try cafe.add(.proposal, "Inför en enkel ansökan för små bidrag – en sida räcker.", by: t1[0])
        _ = try cafe.reply(to: proposal, "Det låter rimligt; vi tittar på hur det görs i Region Kalmar.", by: karin)
        let nested = try cafe.reply(to: proposal, "Gärna med stöd på lättläst svenska.", by: t1[1])
        _ = try cafe.reply(to: nested, "Och på arabiska och somaliska.", by: t1[0])
        try cafe.run(.react(input: proposal), by: .participant(t1[1]))
        try cafe.run(.react(input: proposal), by: .participant(karin))
        _ = try cafe.add(.idea, "\(scriptPayload) Vi vill ha kvällsmöten efter 18.", by: t1[1])

        let concern = try cafe.add(.concern, "Bidragen betalas ut för sent; vi har inga marginaler.", by: t2[0])
        try cafe.run(.react(input: concern), by: .participant(asa))
        _ = try cafe.add(.question, "Hur följer regionen upp det vi säger här?", by: t2[1])
        _ = try cafe.add(.idea, "=HYPERLINK(\"http://example.com\") | # inte en rubrik", by: t2[0])
        let privateInput = try cafe.add(.idea, "Ring mig på 070-123 45 67 så berättar jag allt.", by: t2[1])
        try cafe.run(.hideInput(input: privateInput, reason: "Personuppgifter"), by: .facilitator)

        let single = try cafe.push("Vilket tema är viktigast för er?", .single, options: ["Bidrag", "Lokaler", "Styrdokument"])
        let cloud = try cafe.push("Ett ord för god samverkan", .wordCloud)
        let scale = try cafe.push("Hur väl blev ni lyssnade på?", .scale)
        let open = try cafe.push("Vad ska regionen göra först?", .open, tables: ["t2"])
        let seated = (cafe.meeting.round(r1)!.seating.keys.sorted(by: idOrder))
        for (index, id) in seated.enumerated() {
            try cafe.run(.answer(question: single, value: .string(["Bidrag", "Lokaler", "Bidrag"][index % 3])), by: .participant(id))
            try cafe.run(
                .answer(question: cloud, value: .string(["tillit", "Öppenhet", "tillit", "lyssna"][index % 4])), by: .participant(id))
            try cafe.run(.answer(question: scale, value: .int(Int64(index % 5 + 1))), by: .participant(id))
        }
        try cafe.run(.answer(question: open, value: "Betala ut bidragen i januari."), by: .participant(t2[0]))
        try cafe.run(.answer(question: open, value: "Svara på det vi sagt – skriftligt."), by: .participant(t2[1]))

        try cafe.run(
            .summarize(text: "Ansökan är för krånglig; förslag om en sida. \(attributePayload)", round: nil), by: .participant(karin))
        try cafe.run(.summarize(text: "Sena utbetalningar slår hårt mot små föreningar.", round: nil), by: .participant(asa))
        try cafe.run(.closeRound(round: r1), by: .facilitator)

        let topic = try cafe.run(.proposeTopic(text: "Hur kan föreningar låna regionens lokaler kvällstid?"), by: .participant(t2[0]))![
            "topic"]!
            .stringValue!
        try cafe.run(.proposeTopic(text: "Fler möten utanför Linköping"), by: .participant(t1[0]))
        try cafe.run(.leave, by: .participant(leila))

        let r2 = try cafe.run(.planRound(question: "Vad gör vi nu tillsammans?", minutes: 20), by: .facilitator)!["round"]!.stringValue!
        try cafe.run(.startRound(round: r2), by: .facilitator)
        _ = try cafe.push("Hur kan föreningar låna regionens lokaler kvällstid?", .open, fromTopic: topic)
        // A civil-society guest proposes, and the public-sector host endorses: whoever the engine seated there.
        let guests = cafe.guests(at: "t1", round: r2)
        let guest = guests.first { cafe.meeting.participants[$0]?.sector == .civil } ?? guests[0]
        let joint = try cafe.add(.proposal, "En gemensam arbetsgrupp för bidragsreglerna, med två platser för civilsamhället.", by: guest)
        try cafe.run(.react(input: joint), by: .participant(karin))
        try cafe.run(
            .recordCommitment(
                what: "Ta fram en förenklad ansökan för bidrag under 20 000 kr",
                owners: [
                    CommitmentOwner(organisation: "Region Östergötland", sector: .public),
                    CommitmentOwner(organisation: "Föreningen Läs & Skriv", sector: .civil),
                ], due: "2026-06-30", step: .drafting), by: .facilitator)
        try cafe.run(
            .recordCommitment(
                what: "Bjuda in till nästa dialogkafé i Norrköping",
                owners: [CommitmentOwner(organisation: "Region Östergötland", sector: .public)],
                due: nil, step: nil), by: .participant(karin))
        try cafe.run(.summarize(text: "Enighet om en gemensam arbetsgrupp.", round: r2), by: .participant(karin))
        try cafe.run(.closeRound(round: r2), by: .facilitator)

        for (id, level) in zip(
            cafe.meeting.participantOrder,
            [DeclaredLevel.dialogue, .consultation, .information, .consultation, .dialogue, .dialogue, .consultation])
        {
            if id == leila { continue }
            try cafe.run(.answerExitPoll(level: level), by: .participant(id))
        }
        try cafe.run(.closeMeeting, by: .facilitator)
        try cafe.run(.setFeedbackDue(date: "2026-04-30"), by: .facilitator)
        cafe.now += 6 * 86_400_000
        try cafe.run(
            .giveFeedback(inputs: [proposal], status: .takenForward, text: "Förslaget tas upp i arbetet med nya bidragsregler i april."),
            by: .facilitator)
        try cafe.run(
            .giveFeedback(inputs: [concern], status: .inProgress, text: "Vi ser över utbetalningsdatum inför 2027 & återkommer."),
            by: .participant(jonas))
        return cafe.meeting
    }

    /// A participation-matrix result shaped like `MatrixResult.json` (bilingual texts, rules with ids).
    static let matrix: JSONValue = [
        "measured_level": "consultation", "measured_label": ["sv": "samråd", "en": "consultation"],
        "measured_as_declared": "consultation", "not_enough_data": false, "declared_level": "dialogue",
        "declared_step": "drafting", "steps": ["drafting"], "confidence": "medium", "gap": true,
        "gap_text": ["sv": "Annonserat som dialog, uppmätt som samråd", "en": "Announced as dialogue, measured as consultation"],
        "evidence": [
            "presence": ["public": 2, "civil": 5, "other": 1],
            "voice": ["per_person": ["public": .double(1.5), "civil": .double(1.2), "other": .double(0.667)], "hidden_inputs": 1],
            "reciprocity": ["public_to_civil": 2, "civil_to_public": 0],
            "joint_output": ["proposals": 2, "joint_proposals": []],
            "items": 19,
        ],
        "perceived": [
            "by_sector": [
                "public": ["information": 0, "consultation": 0, "dialogue": 2, "partnership": 0],
                "civil": ["information": 1, "consultation": 3, "dialogue": 0, "partnership": 0],
                "other": ["information": 0, "consultation": 0, "dialogue": 0, "partnership": 0],
            ],
            "modal": ["public": "dialogue", "civil": "consultation", "other": nil], "respondents": 6, "sectors_differ": true,
            "note": [
                "sv": "Sektorerna uppfattade mötet olika: offentlig sektor mest dialog, civilsamhället mest samråd.",
                "en": "The sectors perceived the meeting differently: public sector mostly dialogue, civil society mostly consultation.",
            ],
        ],
        "rules": [
            [
                "id": "civil_initiative", "gate": "consultation", "threshold": 1, "observed": 2, "met": true,
                "text": ["sv": "Civilsamhället satte egna frågor på dagordningen", "en": "Civil society put its own items on the agenda"],
            ],
            [
                "id": "civil_to_public_replies", "gate": "broad_dialogue", "threshold": 1, "observed": 0, "met": false,
                "text": ["sv": "Svar från civilsamhället till offentlig sida", "en": "Replies from civil society to the public side"],
            ],
        ],
    ]

    /// The flat shape first sketched for the matrix (`…_sv` / `…_en` keys, rules with names).
    static let flatMatrix: JSONValue = [
        "measured_level": "consultation", "declared_level": "dialogue", "step": "drafting", "confidence": .double(0.62),
        "gap": true, "gap_text_sv": "Utlyst som dialog, uppmätt som samråd.",
        "gap_text_en": "Announced as dialogue, measured as consultation.",
        "not_enough_data": false,
        "evidence": ["inputs_per_person": ["civil": .double(1.4), "public": .double(0.5)], "cross_sector_replies": 2],
        "perceived": ["civil": ["consultation": 2, "information": 1], "public": ["dialogue": 2]],
        "rules": [
            ["name": "Civilsamhället tar initiativ", "threshold": ">= 1 förslag", "met": true],
            ["name": "Svar över sektorsgränsen i båda riktningar", "threshold": ">= 1 åt varje håll", "met": false],
        ],
    ]
}

import Foundation

/// One side measured alone over all its rounds.
func runSequential(options: Options, raw: Bool, perMeeting: Int, meetings: Int, label: String) -> PushRow? {
    guard let side = PushSide(options: options, raw: raw, perMeeting: perMeeting, meetings: meetings, label: label, pausing: false)
    else { return nil }
    let rounds = pushRounds(options, participants: perMeeting * meetings)
    side.begin(rounds: rounds)
    for _ in 0..<rounds { side.round() }
    return side.end()
}

/// Raw and real side by side, taking turns one round each (the real side in a peer process);
/// the first of each pair alternates.
func runInterleaved(options: Options, perMeeting: Int, meetings: Int, label: String) -> (raw: PushRow?, real: PushRow?) {
    let rounds = pushRounds(options, participants: perMeeting * meetings)
    var real = PushRow(scenario: label, mode: "real", participants: perMeeting * meetings, meetings: meetings)
    guard let peer = PeerProcess(options: options, raw: false, perMeeting: perMeeting, meetings: meetings, rounds: rounds) else {
        log("\(label): the peer for the real server did not get ready")
        return (nil, nil)
    }
    guard let local = PushSide(options: options, raw: true, perMeeting: perMeeting, meetings: meetings, label: label, pausing: true)
    else {
        _ = peer.end(into: &real)
        return (nil, real)
    }
    local.begin(rounds: rounds)
    for round in 0..<rounds {
        if round % 2 == 0 {
            local.round()
            _ = peer.round()
        } else {
            _ = peer.round()
            local.round()
        }
    }
    let raw = local.end()
    if !peer.end(into: &real) { real.note = "the peer measuring the real server failed" }
    return (raw, real)
}

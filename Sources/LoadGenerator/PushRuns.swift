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

/// Raw and real side by side, taking turns one round each, one side in this process and the
/// other in a peer process; the first of each pair alternates. Which server the peer measures
/// alternates too (`realInPeer`, by repetition), so neither server is always driven by the same
/// process.
func runInterleaved(
    options: Options, perMeeting: Int, meetings: Int, label: String, realInPeer: Bool
) -> (raw: PushRow?, real: PushRow?) {
    let rounds = pushRounds(options, participants: perMeeting * meetings)
    let peerIsRaw = !realInPeer
    var peerRow = PushRow(scenario: label, mode: peerIsRaw ? "raw" : "real", participants: perMeeting * meetings, meetings: meetings)
    func pair(local: PushRow?, peer: PushRow?) -> (raw: PushRow?, real: PushRow?) {
        peerIsRaw ? (peer, local) : (local, peer)
    }
    guard let peer = PeerProcess(options: options, raw: peerIsRaw, perMeeting: perMeeting, meetings: meetings, rounds: rounds) else {
        log("\(label): the peer for the \(peerRow.mode) server did not get ready")
        return (nil, nil)
    }
    guard
        let local = PushSide(options: options, raw: !peerIsRaw, perMeeting: perMeeting, meetings: meetings, label: label, pausing: true)
    else {
        _ = peer.end(into: &peerRow)
        return pair(local: nil, peer: peerRow)
    }
    local.begin(rounds: rounds)
    // raw first in even rounds, whichever process drives it
    for round in 0..<rounds {
        if (round % 2 == 0) == local.raw {
            local.round()
            _ = peer.round()
        } else {
            _ = peer.round()
            local.round()
        }
    }
    let localRow = local.end()
    if !peer.end(into: &peerRow) { peerRow.note = "the peer measuring the \(peerRow.mode) server failed" }
    return pair(local: localRow, peer: peerRow)
}

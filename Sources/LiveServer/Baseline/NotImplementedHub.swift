import Session

/// Stand-in for the meeting hub: answers every message with `not_implemented`.
final class NotImplementedHub: TransportDelegate {
    private unowned let server: WebSocketServer

    init(server: WebSocketServer) { self.server = server }

    func connectionOpened(_ id: ConnectionID, peer: String) {}
    func connectionClosed(_ id: ConnectionID) {}

    func received(_ message: [String: JSONValue], from id: ConnectionID) {
        let text = ServerFrames.error(
            id: message["id"], code: "not_implemented", sv: "Inte implementerat ännu.", en: "Not implemented yet.")
        server.send(OutboundFrame(text: text), to: id)
    }
}

import Foundation
@testable import LiveServer

/// A real transport (port 0) and hub in this process, not yet started, writing through `store`.
func inProcessHub(
    storingIn store: sending any EventStore, options: MeetingHub.Options = MeetingHub.Options(),
    clock: @escaping @Sendable () -> Int64 = SystemClock.milliseconds
) -> (WebSocketServer, GroupCommitWriter, MeetingHub) {
    var configuration = WebSocketServer.Configuration()
    configuration.port = 0
    let server = WebSocketServer(configuration: configuration)
    let writer = GroupCommitWriter(store: store)
    let hub = MeetingHub(
        server: server, writer: writer, credentials: Credentials(secret: Credentials.newSecret()), meetings: [],
        ledger: CommandLedger(), options: options, clock: clock)
    server.delegate = hub
    return (server, writer, hub)
}

/// Starts `server` and runs its loop on a thread of its own.
func startOnItsOwnThread(_ server: WebSocketServer) throws {
    try server.start()
    Thread { server.run() }.start()
}

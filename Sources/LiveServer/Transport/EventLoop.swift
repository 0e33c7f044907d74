import CWebsockets

/// The libev loop lws runs on, owned by us (an lws "foreign loop") so that we decide when it
/// stops. libev waits with epoll, whose cost per wake-up is the number of ready sockets; lws's
/// built-in poll(2) loop pays for every open connection on every iteration, which dominated
/// the server's CPU with thousands of participants connected. Service thread only.
final class EventLoop {
    let handle: OpaquePointer
    private let waker = UnsafeMutablePointer<dialogcafe_lws_waker>.allocate(capacity: 1)
    private var isWaking = false

    /// nil when libev cannot create a loop (no epoll and no fallback backend).
    init?() {
        guard let loop = ev_loop_new(UInt32(EVBACKEND_EPOLL)) ?? ev_loop_new(0) else {
            waker.deallocate()
            return nil
        }
        handle = loop
        waker.initialize(to: dialogcafe_lws_waker())
    }

    deinit {
        stopWakingTimers()
        ev_loop_destroy(handle)
        waker.deallocate()
    }

    /// Wakes lws's service every `seconds`, so its timers (close grace periods, HTTP deadlines)
    /// fire on time on a quiet server (see `dialogcafe_lws_waker` in the shim).
    func wakeTimers(of context: OpaquePointer, every seconds: Double) {
        guard !isWaking else { return }
        dialogcafe_lws_waker_start(handle, waker, context, seconds)
        isWaking = true
    }

    /// Stops the periodic wake; before the lws context it points at is destroyed.
    func stopWakingTimers() {
        guard isWaking else { return }
        dialogcafe_lws_waker_stop(handle, waker)
        isWaking = false
    }

    /// Runs callbacks until `stop()` is called from one of them.
    func run() { _ = ev_run(handle, 0) }

    /// Makes `run()` return once the current callback finishes.
    func stop() { ev_break(handle, Int32(EVBREAK_ALL)) }

    /// Lets watchers that are already due finish without waiting (after the lws context is gone).
    func drain() { _ = ev_run(handle, Int32(EVRUN_NOWAIT)) }
}

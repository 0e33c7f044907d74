#ifndef DIALOGCAFE_CWEBSOCKETS_SHIM_H
#define DIALOGCAFE_CWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
#include <ev.h>

/// LWS_PRE is a function-like macro in lws 4.1; Swift cannot import it.
static const size_t dialogcafe_lws_pre = LWS_PRE;

/// Bytes written as they are (an alias macro of LWS_WRITE_HTTP, which Swift does not import).
static const enum lws_write_protocol dialogcafe_lws_write_raw = LWS_WRITE_RAW;

/// The 64-bit option flag that makes lws run on a libev loop (a `1ll << n` macro in lws).
static const uint64_t dialogcafe_lws_option_libev = LWS_SERVER_OPTION_LIBEV;

/// Fail creating the context when the address cannot be bound, instead of serving nowhere.
static const uint64_t dialogcafe_lws_option_fail_upon_unable_to_bind = LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;

/// An IPv4 listening socket. lws 4.1 with IPv6 writes an IPv4 address given as `iface` into the
/// wrong field of its IPv6 socket address, which then binds to every interface.
static const uint64_t dialogcafe_lws_option_disable_ipv6 = LWS_SERVER_OPTION_DISABLE_IPV6;

/// A repeating libev timer that wakes lws's service (ev_timer_init is a macro Swift cannot call).
///
/// lws 4.1's libev glue services its timers (close grace periods, HTTP deadlines) after every
/// socket event, but re-arms its own libev timer only when that timer fires: a deadline set
/// while a later one is pending waits for socket traffic. A periodic wake bounds that delay,
/// and gives the server its keepalive sweep and time-driven work.
struct dialogcafe_lws_waker {
    ev_timer timer; /* first member: the watcher's address is the waker's */
    struct lws_context *context;
};

static void dialogcafe_lws_waker_fire(struct ev_loop *loop, ev_timer *timer, int revents) {
    (void)loop;
    (void)revents;
    lws_cancel_service(((struct dialogcafe_lws_waker *)timer)->context);
}

static inline void dialogcafe_lws_waker_start(
    struct ev_loop *loop, struct dialogcafe_lws_waker *waker, struct lws_context *context, double seconds) {
    waker->context = context;
    ev_timer_init(&waker->timer, dialogcafe_lws_waker_fire, seconds, seconds);
    ev_timer_start(loop, &waker->timer);
}

static inline void dialogcafe_lws_waker_stop(struct ev_loop *loop, struct dialogcafe_lws_waker *waker) {
    ev_timer_stop(loop, &waker->timer);
}

#endif

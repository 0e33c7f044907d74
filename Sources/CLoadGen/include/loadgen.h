#ifndef DIALOGCAFE_LOADGEN_H
#define DIALOGCAFE_LOADGEN_H

/*
 * The load generator's engine: many WebSocket client connections on one epoll loop, with
 * non-blocking sockets and byte scanning of received frames (no JSON parsing). Single
 * threaded; every wait is bounded by a timeout. Also the helpers to start a server process
 * and read its CPU time and resident memory from /proc.
 */

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A started `dialogcafe serve` process. */
typedef struct lg_server {
    pid_t pid;
    int port;
} lg_server;

/* Raises RLIMIT_NOFILE to its hard limit; returns the new soft limit. */
long lg_raise_nofile(void);

/* Starts `path serve --host 127.0.0.1 --port 0 --db db ...` (plus `--raw-fanout` when raw),
 * waits up to 20 s for its `listening on` line. Returns 0 on success. */
int lg_server_start(const char *path, int raw, const char *db, const char *log_path, lg_server *out);
/* SIGTERM, wait up to 5 s, then SIGKILL. */
void lg_server_stop(lg_server *server);

/* utime+stime of a process in seconds; -1 on error. */
double lg_proc_cpu_seconds(pid_t pid);
/* VmRSS of a process in KiB; -1 on error. */
long lg_proc_rss_kb(pid_t pid);
/* This process's own CPU seconds (user+system). */
double lg_self_cpu_seconds(void);
/* Monotonic clock in nanoseconds. */
uint64_t lg_now_ns(void);

/* Opens `senders + participants` connections and completes the WebSocket handshake on each.
 * Connection indices 0..senders-1 are senders (facilitators, or the raw senders), the rest
 * participants. Returns the number of open connections (all, on success). */
int lg_open(int port, int senders, int participants, int timeout_ms);

/* Real server: each sender creates one meeting; participant j joins meeting j / per_meeting.
 * Returns the number of participants joined (acknowledged). */
int lg_create_and_join(int per_meeting, int detach_staff, int timeout_ms);

/* detach_staff: the facilitator connections close after creating and come back after the joins
 * with `facilitate` (after = beyond the log, so nothing is replayed). */
int lg_facilitate_again(int timeout_ms);

/* Raw fan-out with several meetings: sender m and participant j (of meeting j / per_meeting, as
 * in lg_create_and_join) send `room:<meeting>` as their first message, so the server re-broadcasts
 * within each meeting's group only. Returns the number of connections whose `room:` the server
 * acknowledged (all, on success). */
int lg_raw_rooms(int per_meeting, int timeout_ms);

/* Index of the first connection that closed, or -1. */
int lg_first_closed(void);
/* Status and reason of the first close frame received from the server ("" if none). */
const char *lg_close_reason(void);

/* One push measurement. */
typedef struct lg_push_result {
    long expected;
    long delivered;
    double p50_ms, p99_ms, max_ms;
    double server_cpu_s;
    double client_cpu_s;
    double seconds;
    long errors;
    /* WebSocket pings the server sent during the phase (its keepalive) */
    long pings;
    /* the p99 of each round's deliveries: lowest, median and highest round */
    double round_p99_min_ms, round_p99_median_ms, round_p99_max_ms;
} lg_push_result;

/* A push phase, in steps so that rounds against two servers can alternate (each process drives
 * one). begin reads the server's CPU (`server_pid`) and makes room for `rounds`.
 *
 * In a round every sender pushes at once. Real: the facilitator of each meeting sends
 * `push_question` and participants receive the server's `question_pushed` event frame. Raw: each
 * sender sends a frame shaped byte for byte like that event frame (same keys, same number widths),
 * which the server re-broadcasts to every connection of the sender's room, the sender too (or to
 * all connections without rooms), so participants receive the same bytes in both modes. A round ends
 * when every participant got one push (returns 0) or after round_timeout_ms (1), then `gap_ms` of
 * quiet.
 *
 * end drains for up to 200 ms and fills `out`; `seconds` and the generator's CPU count only time
 * inside rounds, the server's CPU the whole phase. */
void lg_push_begin(int rounds, pid_t server_pid);
int lg_push_round(int raw, int gap_ms, int round_timeout_ms);
void lg_push_end(pid_t server_pid, lg_push_result *out);

/* Facilitator 0 adds `tables` tables, plans and starts a round (all participants seated). */
int lg_input_setup(int tables, int timeout_ms);

typedef struct lg_input_result {
    int offered_per_s;
    long sent;
    long acked;
    long errors;
    double acked_per_s;
    double p50_ms, p99_ms, max_ms;
    double server_cpu_s;
    char first_error[64];
} lg_input_result;

/* Participants send `add_input` at `rate` per second for `seconds`, round robin; then waits up
 * to drain_ms for the outstanding acks. */
int lg_input_step(int rate, double seconds, int drain_ms, pid_t server_pid, lg_input_result *out);

/* Every open connection sends an unsolicited pong (RFC 6455 heartbeat): the server counts it
 * as a sign of life and restarts its 20 s idle-ping timer, so the phase that follows is not
 * disturbed by a burst of pings to connections that have not sent anything for 20 s. */
void lg_touch_all(void);

/* Keeps reading until the server uses at most max_busy of a core over 300 ms (or timeout);
 * returns the last measured share. */
double lg_wait_server_idle(pid_t server_pid, double max_busy, int timeout_ms);

/* Errors seen so far (error frames, closed connections) and the first error code. */
long lg_error_count(void);
const char *lg_first_error(void);
long lg_closed_count(void);

/* Closes every connection and frees the engine. */
void lg_close_all(void);

#ifdef __cplusplus
}
#endif

#endif

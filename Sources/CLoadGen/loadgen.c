#define _GNU_SOURCE
#include "loadgen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------------------ process helpers */

uint64_t lg_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Wall-clock milliseconds (the width of the server's `at` timestamps). */
static unsigned long long wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (unsigned long long)ts.tv_sec * 1000ull + (unsigned long long)ts.tv_nsec / 1000000ull;
}

long lg_raise_nofile(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    return (long)rl.rlim_cur;
}

int lg_server_start(const char *path, int raw, const char *db, const char *log_path, lg_server *out) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipefd[0]);
    posix_spawn_file_actions_addopen(&actions, 2, log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
    char *argv[24];
    int i = 0;
    argv[i++] = (char *)path;
    argv[i++] = "serve";
    argv[i++] = "--host";
    argv[i++] = "127.0.0.1";
    argv[i++] = "--port";
    argv[i++] = "0";
    argv[i++] = "--db";
    argv[i++] = (char *)db;
    argv[i++] = "--web";
    argv[i++] = "/nonexistent-web-root";
    argv[i++] = "--contribution-rate";
    argv[i++] = "1000";
    argv[i++] = "--join-rate";
    argv[i++] = "100000";
    if (raw) argv[i++] = "--raw-fanout";
    argv[i] = NULL;
    pid_t pid;
    int rc = posix_spawn(&pid, path, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        return -1;
    }
    out->pid = pid;
    out->port = 0;
    char line[512];
    size_t len = 0;
    uint64_t deadline = lg_now_ns() + 20000000000ull;
    fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    while (lg_now_ns() < deadline && len < sizeof line - 1) {
        ssize_t n = read(pipefd[0], line + len, sizeof line - 1 - len);
        if (n > 0) {
            len += (size_t)n;
            line[len] = 0;
            char *nl = strchr(line, '\n');
            if (nl) {
                char *colon = strrchr(line, ':');
                if (strstr(line, "listening on") && colon) out->port = atoi(colon + 1);
                break;
            }
        } else if (n == 0) {
            break;
        } else {
            usleep(10000);
        }
    }
    /* Keep the pipe open but unread: the server prints nothing more on stdout. */
    if (out->port <= 0) {
        close(pipefd[0]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    return 0;
}

void lg_server_stop(lg_server *server) {
    if (server->pid <= 0) return;
    kill(server->pid, SIGTERM);
    for (int i = 0; i < 500; i++) {
        if (waitpid(server->pid, NULL, WNOHANG) == server->pid) {
            server->pid = 0;
            return;
        }
        usleep(10000);
    }
    kill(server->pid, SIGKILL);
    waitpid(server->pid, NULL, 0);
    server->pid = 0;
}

/* Reads /proc/PID/NAME into buf as a NUL-terminated string; false when it cannot. */
static int read_proc_file(pid_t pid, const char *name, char *buf, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    return 1;
}

double lg_proc_cpu_seconds(pid_t pid) {
    char buf[2048];
    if (!read_proc_file(pid, "stat", buf, sizeof buf)) return -1;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    p += 2; /* field 3: state */
    unsigned long utime = 0, stime = 0;
    /* fields 3..13 skipped, 14 utime, 15 stime */
    int field = 3;
    char *save = NULL;
    for (char *tok = strtok_r(p, " ", &save); tok; tok = strtok_r(NULL, " ", &save), field++) {
        if (field == 14) utime = strtoul(tok, NULL, 10);
        if (field == 15) {
            stime = strtoul(tok, NULL, 10);
            break;
        }
    }
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

long lg_proc_rss_kb(pid_t pid) {
    char buf[4096];
    if (!read_proc_file(pid, "status", buf, sizeof buf)) return -1;
    char *p = strstr(buf, "VmRSS:");
    return p ? atol(p + 6) : -1;
}

double lg_self_cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ------------------------------------------------------------------ connections */

enum { ST_CONNECTING = 0, ST_HANDSHAKE = 1, ST_OPEN = 2, ST_CLOSED = 3 };

typedef struct conn {
    int fd;
    uint8_t state;
    uint8_t sender;
    uint8_t joined;
    uint8_t want_out;
    uint8_t in_room; /* raw rooms: the server acknowledged this connection's `room:` */
    int32_t meeting;
    uint32_t rlen, rcap;
    uint8_t *rbuf; /* unparsed bytes (handshake or a partial frame) */
    uint32_t wlen, wcap;
    uint8_t *wbuf; /* bytes not yet accepted by the socket */
    int32_t acks;
} conn_t;

typedef struct meeting {
    char code[16];
    char key[80];
    int created;
} meeting_t;

static struct {
    int epfd;
    conn_t *conns;
    int count;
    int senders;
    int port;
    int open;
    long closed;
    long errors;
    char first_error[64];
    meeting_t *meetings;
    int meeting_count;
    int per_meeting;
    long joined;
    long rejoin_needed;
    /* raw rooms: connections whose `room:` the server acknowledged */
    long room_acks;
    /* push */
    long delivered;
    uint32_t *lat_us;
    long lat_cap;
    long lat_len;
    /* facilitator command acks (tag 'f') */
    long fac_acks;
    /* inputs */
    uint64_t *input_sent_ns;
    long input_cap;
    long input_acked;
    uint32_t *input_lat_us;
    long input_lat_len;
    uint64_t last_ack_ns;
    long input_base;
    long events;
    int first_closed;
    char close_reason[128];
    long pings;
} G;

static uint8_t scratch[1 << 18];

static void set_events(conn_t *c, int idx, int want_out) {
    struct epoll_event ev;
    ev.events = EPOLLIN | (want_out ? EPOLLOUT : 0);
    ev.data.u32 = (uint32_t)idx;
    epoll_ctl(G.epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = (uint8_t)want_out;
}

/* Closes a connection on purpose (not counted as a failure). */
static void close_quiet(conn_t *c) {
    if (c->state == ST_CLOSED) return;
    if (c->state == ST_OPEN) G.open--;
    c->state = ST_CLOSED;
    epoll_ctl(G.epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
}

/* The server or the network closed a connection. */
static void mark_closed(conn_t *c) {
    if (c->state == ST_CLOSED) return;
    close_quiet(c);
    if (G.closed++ == 0) G.first_closed = (int)(c - G.conns);
}

/* Writes bytes now, or queues what the socket does not take. */
static void conn_write(conn_t *c, int idx, const uint8_t *data, size_t len) {
    if (c->state == ST_CLOSED) return;
    if (c->wlen == 0) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n == (ssize_t)len) return;
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                mark_closed(c);
                return;
            }
            n = 0;
        }
        data += n;
        len -= (size_t)n;
    }
    if (c->wlen + len > c->wcap) {
        uint32_t cap = c->wcap ? c->wcap : 256;
        while (cap < c->wlen + len) cap *= 2;
        c->wbuf = realloc(c->wbuf, cap);
        c->wcap = cap;
    }
    memcpy(c->wbuf + c->wlen, data, len);
    c->wlen += (uint32_t)len;
    if (!c->want_out) set_events(c, idx, 1);
}

static void conn_flush(conn_t *c, int idx) {
    if (c->wlen == 0) {
        if (c->want_out) set_events(c, idx, 0);
        return;
    }
    ssize_t n = send(c->fd, c->wbuf, c->wlen, MSG_NOSIGNAL);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) mark_closed(c);
        return;
    }
    memmove(c->wbuf, c->wbuf + n, c->wlen - (size_t)n);
    c->wlen -= (uint32_t)n;
    if (c->wlen == 0) set_events(c, idx, 0);
}

static const uint8_t mask_key[4] = {0x37, 0xfa, 0x21, 0x3d};

/* Sends one masked client frame (opcode 1 text, 10 pong). */
static void send_frame(int idx, int opcode, const char *payload, size_t len) {
    conn_t *c = &G.conns[idx];
    uint8_t buf[4096 + 16];
    uint8_t *frame = len <= 4096 ? buf : malloc(len + 16);
    size_t h = 0;
    frame[h++] = (uint8_t)(0x80 | opcode);
    if (len < 126) {
        frame[h++] = (uint8_t)(0x80 | len);
    } else {
        frame[h++] = 0x80 | 126;
        frame[h++] = (uint8_t)(len >> 8);
        frame[h++] = (uint8_t)len;
    }
    memcpy(frame + h, mask_key, 4);
    h += 4;
    for (size_t i = 0; i < len; i++) frame[h + i] = (uint8_t)payload[i] ^ mask_key[i & 3];
    conn_write(c, idx, frame, h + len);
    if (frame != buf) free(frame);
}

static void send_text(int idx, const char *text, size_t len) { send_frame(idx, 1, text, len); }

static void note_error(const uint8_t *p, size_t n) {
    G.errors++;
    if (G.first_error[0]) return;
    const uint8_t *code = memmem(p, n, "\"code\":\"", 8);
    if (!code) {
        snprintf(G.first_error, sizeof G.first_error, "error frame");
        return;
    }
    code += 8;
    size_t k = 0;
    while (code + k < p + n && code[k] != '"' && k < sizeof G.first_error - 1) k++;
    memcpy(G.first_error, code, k);
    G.first_error[k] = 0;
}

static long parse_long(const uint8_t *p, const uint8_t *end) {
    long v = 0;
    while (p < end && *p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return v;
}

static void record_push(const uint8_t *p, size_t n) {
    const uint8_t *t = memmem(p, n, "\"text\":\"t=", 10);
    if (!t) return;
    uint64_t sent = (uint64_t)parse_long(t + 10, p + n);
    uint64_t now = lg_now_ns();
    G.delivered++;
    if (G.lat_len < G.lat_cap) G.lat_us[G.lat_len++] = (uint32_t)((now - sent) / 1000);
}

/* An ack: `{"id":"<tag><number>",...,"type":"ack"}`. */
static void handle_ack(conn_t *c, const uint8_t *p, size_t n) {
    if (n < 8 || p[6] == 0) return;
    uint8_t tag = p[7];
    long number = parse_long(p + 8, p + n);
    c->acks++;
    switch (tag) {
    case 'c': {
        const uint8_t *code = memmem(p, n, "\"code\":\"", 8);
        if (code && number < G.meeting_count) {
            code += 8;
            size_t k = 0;
            while (code + k < p + n && code[k] != '"' && k < 15) k++;
            memcpy(G.meetings[number].code, code, k);
            G.meetings[number].code[k] = 0;
            G.meetings[number].created = 1;
            const uint8_t *key = memmem(p, n, "\"facilitator_key\":\"", 19);
            if (key) {
                key += 19;
                k = 0;
                while (key + k < p + n && key[k] != '"' && k < 79) k++;
                memcpy(G.meetings[number].key, key, k);
                G.meetings[number].key[k] = 0;
            }
        }
        break;
    }
    case 'j':
        if (!c->joined) {
            c->joined = 1;
            G.joined++;
        }
        break;
    case 'f': G.fac_acks++; break;
    case 'a': {
        long k = number - G.input_base;
        if (k >= 0 && k < G.input_cap && G.input_sent_ns[k]) {
            uint64_t now = lg_now_ns();
            G.input_lat_us[G.input_lat_len++] = (uint32_t)((now - G.input_sent_ns[k]) / 1000);
            G.input_sent_ns[k] = 0;
            G.input_acked++;
            G.last_ack_ns = now;
        }
        break;
    }
    default: break;
    }
}

static void handle_text(conn_t *c, const uint8_t *p, size_t n) {
    if (n > 5 && p[0] == 'r' && memcmp(p, "room:", 5) == 0) {
        /* raw rooms: the acknowledgement of this connection's `room:K` */
        if (!c->in_room) {
            c->in_room = 1;
            G.room_acks++;
        }
        return;
    }
    if (n < 4 || p[0] != '{') return;
    switch (p[2]) {
    case 'e': /* {"event": */
        G.events++;
        if (!c->sender && n > 40 && memmem(p, n < 64 ? n : 64, "question_pushed", 15)) record_push(p, n);
        break;
    case 't': /* {"type":"push_question" (raw re-broadcast) */
        if (!c->sender) record_push(p, n);
        break;
    case 'i': /* {"id": ack */
        if (n > 14 && memcmp(p + n - 14, "\"type\":\"ack\"}", 13) == 0) handle_ack(c, p, n);
        else if (memmem(p, n, "\"type\":\"ack\"", 12)) handle_ack(c, p, n);
        break;
    case 'c': /* {"code": error */
        note_error(p, n);
        if (memmem(p, n, "rate_limited", 12) && !c->joined && !c->sender) G.rejoin_needed++;
        break;
    default: break;
    }
}

/* Parses whole frames from p[0..n); returns the bytes consumed. */
static size_t parse_frames(conn_t *c, int idx, const uint8_t *p, size_t n) {
    size_t off = 0;
    while (n - off >= 2) {
        const uint8_t *f = p + off;
        int opcode = f[0] & 0x0f;
        uint64_t len = f[1] & 0x7f;
        size_t h = 2;
        if (len == 126) {
            if (n - off < 4) break;
            len = ((uint64_t)f[2] << 8) | f[3];
            h = 4;
        } else if (len == 127) {
            if (n - off < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | f[2 + i];
            h = 10;
        }
        if (f[1] & 0x80) h += 4; /* servers do not mask; tolerate it */
        if (n - off < h + len) break;
        const uint8_t *payload = f + h;
        switch (opcode) {
        case 1:
        case 0: handle_text(c, payload, (size_t)len); break;
        case 8:
            if (!G.close_reason[0] && len >= 2) {
                size_t k = len - 2 < 100 ? (size_t)len - 2 : 100;
                int status = (payload[0] << 8) | payload[1];
                int w = snprintf(G.close_reason, sizeof G.close_reason, "%d ", status);
                memcpy(G.close_reason + w, payload + 2, k);
                G.close_reason[w + k] = 0;
            }
            mark_closed(c);
            return n;
        case 9:
            G.pings++;
            send_frame(idx, 10, (const char *)payload, (size_t)len);
            break;
        default: break;
        }
        off += h + (size_t)len;
    }
    return off;
}

static void keep_rest(conn_t *c, const uint8_t *p, size_t n) {
    if (n == 0) {
        c->rlen = 0;
        return;
    }
    if (n > c->rcap) {
        uint32_t cap = c->rcap ? c->rcap : 1024;
        while (cap < n) cap *= 2;
        uint8_t *fresh = malloc(cap);
        memcpy(fresh, p, n);
        free(c->rbuf);
        c->rbuf = fresh;
        c->rcap = cap;
    } else {
        memmove(c->rbuf, p, n);
    }
    c->rlen = (uint32_t)n;
}

static const char handshake_fmt[] =
    "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Protocol: dialogcafe.v1\r\n\r\n";

static void on_readable(int idx) {
    conn_t *c = &G.conns[idx];
    for (int round = 0; round < 4 && c->state != ST_CLOSED; round++) {
        /* Append to any kept partial bytes in the scratch buffer, then parse. */
        size_t have = c->rlen;
        if (have > sizeof scratch / 2) {
            /* large partial frame: grow the connection's own buffer and read into it */
            if (c->rcap - c->rlen < 65536) {
                c->rcap = c->rcap * 2 + 65536;
                c->rbuf = realloc(c->rbuf, c->rcap);
            }
            ssize_t n = recv(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen, 0);
            if (n <= 0) {
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) mark_closed(c);
                return;
            }
            c->rlen += (uint32_t)n;
            size_t used = parse_frames(c, idx, c->rbuf, c->rlen);
            if (c->state == ST_CLOSED) return;
            memmove(c->rbuf, c->rbuf + used, c->rlen - used);
            c->rlen -= (uint32_t)used;
            continue;
        }
        if (have) memcpy(scratch, c->rbuf, have);
        ssize_t n = recv(c->fd, scratch + have, sizeof scratch - have, 0);
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) mark_closed(c);
            return;
        }
        size_t total = have + (size_t)n;
        size_t start = 0;
        if (c->state == ST_HANDSHAKE) {
            const uint8_t *end = memmem(scratch, total, "\r\n\r\n", 4);
            if (!end) {
                keep_rest(c, scratch, total);
                continue;
            }
            if (total < 12 || memcmp(scratch + 9, "101", 3) != 0) {
                mark_closed(c);
                return;
            }
            c->state = ST_OPEN;
            G.open++;
            start = (size_t)(end - scratch) + 4;
        }
        size_t used = parse_frames(c, idx, scratch + start, total - start);
        if (c->state == ST_CLOSED) return;
        keep_rest(c, scratch + start + used, total - start - used);
        if ((size_t)n < sizeof scratch - have) return; /* drained */
    }
}

static void on_writable(int idx) {
    conn_t *c = &G.conns[idx];
    if (c->state == ST_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            mark_closed(c);
            return;
        }
        c->state = ST_HANDSHAKE;
        char req[512];
        int n = snprintf(req, sizeof req, handshake_fmt, G.port);
        set_events(c, idx, 0);
        conn_write(c, idx, (const uint8_t *)req, (size_t)n);
        return;
    }
    conn_flush(c, idx);
}

/* Services the loop once, waiting at most timeout_ms. */
static void service(int timeout_ms) {
    struct epoll_event events[1024];
    int n = epoll_wait(G.epfd, events, 1024, timeout_ms);
    for (int i = 0; i < n; i++) {
        int idx = (int)events[i].data.u32;
        conn_t *c = &G.conns[idx];
        if (c->state == ST_CLOSED) continue;
        if (events[i].events & (EPOLLOUT)) on_writable(idx);
        if (c->state != ST_CLOSED && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(idx);
    }
}

static int start_connect(int idx) {
    conn_t *c = &G.conns[idx];
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef IP_BIND_ADDRESS_NO_PORT
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
    struct sockaddr_in src = {0};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl(0x7f000000u | (uint32_t)(2 + idx % 200)); /* 127.0.0.2 .. 127.0.0.201 */
    bind(fd, (struct sockaddr *)&src, sizeof src);
    struct sockaddr_in dst = {0};
    dst.sin_family = AF_INET;
    dst.sin_port = htons((uint16_t)G.port);
    dst.sin_addr.s_addr = htonl(0x7f000001u);
    c->fd = fd;
    c->state = ST_CONNECTING;
    struct epoll_event ev;
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = (uint32_t)idx;
    epoll_ctl(G.epfd, EPOLL_CTL_ADD, fd, &ev);
    c->want_out = 1;
    int rc = connect(fd, (struct sockaddr *)&dst, sizeof dst);
    if (rc != 0 && errno != EINPROGRESS) {
        mark_closed(c);
        return -1;
    }
    return 0;
}

int lg_open(int port, int senders, int participants, int timeout_ms) {
    memset(&G, 0, sizeof G);
    G.epfd = epoll_create1(EPOLL_CLOEXEC);
    G.port = port;
    G.senders = senders;
    G.count = senders + participants;
    G.conns = calloc((size_t)G.count, sizeof(conn_t));
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    int next = 0;
    while (lg_now_ns() < deadline) {
        /* at most 256 handshakes in flight, so the listen backlog never overflows */
        int in_flight = next - G.open - (int)G.closed;
        while (next < G.count && in_flight < 256) {
            G.conns[next].sender = next < senders;
            start_connect(next);
            next++;
            in_flight++;
        }
        if (next == G.count && G.open + G.closed >= G.count) break;
        service(5);
    }
    return G.open;
}

static int joined_or_timeout_done(void) { return G.joined >= G.count - G.senders; }

int lg_create_and_join(int per_meeting, int detach_staff, int timeout_ms) {
    G.meeting_count = G.senders;
    G.per_meeting = per_meeting;
    G.meetings = calloc((size_t)G.senders, sizeof(meeting_t));
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    char msg[512];
    for (int m = 0; m < G.senders; m++) {
        int n = snprintf(msg, sizeof msg,
            "{\"type\":\"create_meeting\",\"id\":\"c%d\",\"title\":\"Lastprov %d\",\"date\":\"2026-12-03\","
            "\"declared_level\":\"dialogue\",\"decision_step\":\"drafting\",\"language\":\"sv\"}",
            m, m);
        send_text(m, msg, (size_t)n);
    }
    int created = 0;
    while (lg_now_ns() < deadline) {
        created = 0;
        for (int m = 0; m < G.senders; m++) created += G.meetings[m].created;
        if (created == G.senders) break;
        service(5);
    }
    if (created != G.senders) return -1;
    if (detach_staff) {
        /* the facilitators leave while participants join, and re-attach afterwards */
        for (int m = 0; m < G.senders; m++) close_quiet(&G.conns[m]);
    }
    static const char *sectors[] = {"public", "civil", "other"};
    int sent_upto = G.senders;
    long last_rejoin = 0;
    while (lg_now_ns() < deadline && !joined_or_timeout_done()) {
        /* pipeline: send joins in slices so the loop keeps reading acks */
        int slice_end = sent_upto + 500 < G.count ? sent_upto + 500 : G.count;
        for (int i = sent_upto; i < slice_end; i++) {
            int j = i - G.senders;
            int m = j / per_meeting;
            if (m >= G.senders) m = G.senders - 1;
            G.conns[i].meeting = m;
            int n = snprintf(msg, sizeof msg,
                "{\"type\":\"join\",\"id\":\"j%d\",\"code\":\"%s\",\"name\":\"Besökare %d\",\"sector\":\"%s\","
                "\"organisation\":\"Organisation %d\",\"region\":\"Kalmar\"}",
                j, G.meetings[m].code, j, sectors[j % 3], j % 97);
            send_text(i, msg, (size_t)n);
        }
        sent_upto = slice_end;
        service(sent_upto < G.count ? 0 : 5);
        if (G.rejoin_needed > last_rejoin && sent_upto == G.count) {
            /* some joins were rate limited: re-send (new ids) for those not joined */
            last_rejoin = G.rejoin_needed;
            for (int i = G.senders; i < G.count; i++) {
                if (G.conns[i].joined || G.conns[i].state != ST_OPEN) continue;
                int j = i - G.senders;
                int n = snprintf(msg, sizeof msg,
                    "{\"type\":\"join\",\"id\":\"j%d%ld\",\"code\":\"%s\",\"name\":\"Besökare %d\",\"sector\":\"%s\","
                    "\"organisation\":\"Organisation %d\"}",
                    j, last_rejoin, G.meetings[G.conns[i].meeting].code, j, sectors[j % 3], j % 97);
                send_text(i, msg, (size_t)n);
            }
        }
    }
    /* let replayed events settle */
    uint64_t settle = lg_now_ns() + 200000000ull;
    while (lg_now_ns() < settle) service(5);
    return (int)G.joined;
}

int lg_raw_rooms(int per_meeting, int timeout_ms) {
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    char msg[32];
    int sent_upto = 0;
    while (lg_now_ns() < deadline && G.room_acks < G.count) {
        /* pipeline: send in slices so the loop keeps reading acknowledgements */
        int slice_end = sent_upto + 500 < G.count ? sent_upto + 500 : G.count;
        for (int i = sent_upto; i < slice_end; i++) {
            /* the same grouping as the joins of real mode */
            int m = i < G.senders ? i : (i - G.senders) / per_meeting;
            if (m >= G.senders) m = G.senders - 1;
            G.conns[i].meeting = m;
            int n = snprintf(msg, sizeof msg, "room:%d", m);
            send_text(i, msg, (size_t)n);
        }
        sent_upto = slice_end;
        service(sent_upto < G.count ? 0 : 5);
    }
    return (int)G.room_acks;
}

/* Reconnects sender `idx` and waits for its handshake. */
static int reconnect_senders(int timeout_ms) {
    for (int m = 0; m < G.senders; m++) {
        conn_t *c = &G.conns[m];
        close_quiet(c);
        c->rlen = 0;
        c->wlen = 0;
        start_connect(m);
    }
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    while (lg_now_ns() < deadline) {
        int open = 0;
        for (int m = 0; m < G.senders; m++) open += G.conns[m].state == ST_OPEN;
        if (open == G.senders) return 0;
        service(5);
    }
    return -1;
}

int lg_facilitate_again(int timeout_ms) {
    if (reconnect_senders(timeout_ms) != 0) return -1;
    long base = G.fac_acks;
    char msg[256];
    for (int m = 0; m < G.senders; m++) {
        /* `after` beyond the log: nothing is replayed */
        int n = snprintf(msg, sizeof msg, "{\"type\":\"facilitate\",\"id\":\"f%d\",\"code\":\"%s\",\"key\":\"%s\",\"after\":1000000000000}",
            m, G.meetings[m].code, G.meetings[m].key);
        send_text(m, msg, (size_t)n);
    }
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    while (G.fac_acks < base + G.senders && lg_now_ns() < deadline) service(5);
    return G.fac_acks >= base + G.senders ? 0 : -1;
}

int lg_first_closed(void) { return G.closed ? G.first_closed : -1; }
const char *lg_close_reason(void) { return G.close_reason; }

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void percentiles(uint32_t *v, long n, double *p50, double *p99, double *max) {
    if (n <= 0) {
        *p50 = *p99 = *max = -1;
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_u32);
    *p50 = v[(n - 1) * 50 / 100] / 1000.0;
    *p99 = v[(n - 1) * 99 / 100] / 1000.0;
    *max = v[n - 1] / 1000.0;
}

/* The push phase in progress (one per process). */
static struct {
    int rounds;         /* rounds run so far */
    int capacity;       /* rounds the latency buffer holds */
    double server_cpu0; /* the server's CPU seconds when the phase began */
    double client_cpu;  /* this process's CPU seconds inside rounds */
    double seconds;     /* wall seconds inside rounds */
    long errors0, pings0;
} P;

void lg_push_begin(int rounds, pid_t server_pid) {
    int participants = G.count - G.senders;
    memset(&P, 0, sizeof P);
    P.capacity = rounds;
    G.lat_cap = (long)participants * rounds;
    G.lat_us = malloc(sizeof(uint32_t) * (size_t)G.lat_cap);
    G.lat_len = 0;
    G.delivered = 0;
    P.errors0 = G.errors;
    P.pings0 = G.pings;
    P.server_cpu0 = lg_proc_cpu_seconds(server_pid);
}

int lg_push_round(int raw, int gap_ms, int round_timeout_ms) {
    if (P.rounds >= P.capacity) return -1;
    int r = P.rounds++;
    int participants = G.count - G.senders;
    long target = (long)participants * (r + 1);
    double self0 = lg_self_cpu_seconds();
    uint64_t t0 = lg_now_ns();
    char msg[256];
    for (int m = 0; m < G.senders; m++) {
        int n;
        if (raw) {
            /* what the real server sends participants: {"event":{…question_pushed…},"seq":…} */
            unsigned long long at = wall_ms();
            n = snprintf(msg, sizeof msg,
                "{\"event\":{\"at\":%llu,\"kind\":\"question_pushed\",\"question\":{\"asked_at\":%llu,\"id\":\"q%d\","
                "\"kind\":\"open\",\"options\":[],\"text\":\"t=%llu\"}},\"seq\":%d,\"type\":\"event\"}",
                at, at, r + 1, (unsigned long long)lg_now_ns(), participants / G.senders + 2 + r);
        } else {
            n = snprintf(msg, sizeof msg, "{\"type\":\"push_question\",\"id\":\"q%d_%d\",\"kind\":\"open\",\"text\":\"t=%llu\"}",
                m, r, (unsigned long long)lg_now_ns());
        }
        send_text(m, msg, (size_t)n);
    }
    uint64_t deadline = lg_now_ns() + (uint64_t)round_timeout_ms * 1000000ull;
    while (G.delivered < target && lg_now_ns() < deadline) service(2);
    uint64_t quiet = lg_now_ns() + (uint64_t)gap_ms * 1000000ull;
    while (lg_now_ns() < quiet) service(1);
    P.seconds += (double)(lg_now_ns() - t0) / 1e9;
    P.client_cpu += lg_self_cpu_seconds() - self0;
    return G.delivered >= target ? 0 : 1;
}

/* p99 of each round's deliveries (they arrive in round order: a round starts after the last). */
static void round_p99s(lg_push_result *out) {
    int participants = G.count - G.senders;
    out->round_p99_min_ms = out->round_p99_median_ms = out->round_p99_max_ms = -1;
    if (P.rounds <= 0 || participants <= 0) return;
    double *p99 = malloc(sizeof(double) * (size_t)P.rounds);
    uint32_t *segment = malloc(sizeof(uint32_t) * (size_t)participants);
    int counted = 0;
    for (int r = 0; r < P.rounds; r++) {
        long from = (long)r * participants, to = from + participants;
        if (to > G.lat_len) to = G.lat_len;
        if (to <= from) break;
        memcpy(segment, G.lat_us + from, sizeof(uint32_t) * (size_t)(to - from));
        double p50, max;
        percentiles(segment, to - from, &p50, &p99[counted], &max);
        counted++;
    }
    if (counted > 0) {
        qsort(p99, (size_t)counted, sizeof *p99, cmp_double);
        out->round_p99_min_ms = p99[0];
        out->round_p99_median_ms = counted % 2 ? p99[counted / 2] : (p99[counted / 2 - 1] + p99[counted / 2]) / 2;
        out->round_p99_max_ms = p99[counted - 1];
    }
    free(segment);
    free(p99);
}

void lg_push_end(pid_t server_pid, lg_push_result *out) {
    memset(out, 0, sizeof *out);
    long expected = (long)(G.count - G.senders) * P.rounds;
    /* a short drain for stragglers */
    uint64_t drain = lg_now_ns() + 200000000ull;
    while (G.delivered < expected && lg_now_ns() < drain) service(2);
    out->server_cpu_s = lg_proc_cpu_seconds(server_pid) - P.server_cpu0;
    out->client_cpu_s = P.client_cpu;
    out->seconds = P.seconds;
    out->expected = expected;
    out->delivered = G.delivered;
    out->errors = G.errors - P.errors0;
    out->pings = G.pings - P.pings0;
    round_p99s(out);
    percentiles(G.lat_us, G.lat_len, &out->p50_ms, &out->p99_ms, &out->max_ms);
    free(G.lat_us);
    G.lat_us = NULL;
    G.lat_cap = 0;
}

static int wait_fac_acks(long target, int timeout_ms) {
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    while (G.fac_acks < target && lg_now_ns() < deadline) service(5);
    return G.fac_acks >= target ? 0 : -1;
}

int lg_input_setup(int tables, int timeout_ms) {
    char msg[256];
    long base = G.fac_acks;
    int n = snprintf(msg, sizeof msg, "{\"type\":\"add_tables\",\"id\":\"f1\",\"count\":%d}", tables);
    send_text(0, msg, (size_t)n);
    if (wait_fac_acks(base + 1, timeout_ms)) return -1;
    n = snprintf(msg, sizeof msg, "{\"type\":\"plan_round\",\"id\":\"f2\",\"question\":\"Hur går vi vidare?\",\"minutes\":120}");
    send_text(0, msg, (size_t)n);
    if (wait_fac_acks(base + 2, timeout_ms)) return -2;
    n = snprintf(msg, sizeof msg, "{\"type\":\"start_round\",\"id\":\"f3\",\"round\":\"r1\"}");
    send_text(0, msg, (size_t)n);
    if (wait_fac_acks(base + 3, timeout_ms)) return -3;
    uint64_t settle = lg_now_ns() + 500000000ull;
    while (lg_now_ns() < settle) service(5);
    return 0;
}

int lg_input_step(int rate, double seconds, int drain_ms, pid_t server_pid, lg_input_result *out) {
    memset(out, 0, sizeof *out);
    out->offered_per_s = rate;
    long total = (long)(rate * seconds) + 1;
    static long next_id = 0;
    G.input_base = next_id;
    G.input_cap = total;
    G.input_sent_ns = calloc((size_t)total, sizeof(uint64_t));
    G.input_lat_us = malloc(sizeof(uint32_t) * (size_t)total);
    G.input_lat_len = 0;
    G.input_acked = 0;
    long errors_before = G.errors;
    G.first_error[0] = 0;
    int participants = G.count - G.senders;
    double cpu0 = lg_proc_cpu_seconds(server_pid);
    uint64_t t0 = lg_now_ns();
    uint64_t end = t0 + (uint64_t)(seconds * 1e9);
    long sent = 0;
    char msg[256];
    while (1) {
        uint64_t now = lg_now_ns();
        if (now >= end) break;
        long due = (long)((double)(now - t0) / 1e9 * rate);
        if (due > total) due = total;
        while (sent < due) {
            int idx = G.senders + (int)((next_id + sent) % participants);
            long id = G.input_base + sent;
            int n = snprintf(msg, sizeof msg,
                "{\"type\":\"add_input\",\"id\":\"a%ld\",\"kind\":\"idea\",\"text\":\"Fler mötesplatser för unga i länet, förslag %ld\"}", id,
                id);
            G.input_sent_ns[sent] = lg_now_ns();
            send_text(idx, msg, (size_t)n);
            sent++;
        }
        service(1);
    }
    uint64_t drain = lg_now_ns() + (uint64_t)drain_ms * 1000000ull;
    while (G.input_acked + (G.errors - errors_before) < sent && lg_now_ns() < drain) service(2);
    out->server_cpu_s = lg_proc_cpu_seconds(server_pid) - cpu0;
    next_id += total;
    out->sent = sent;
    out->acked = G.input_acked;
    out->errors = G.errors - errors_before;
    uint64_t last = G.last_ack_ns > t0 ? G.last_ack_ns : end;
    double span = (double)((last > end ? last : end) - t0) / 1e9;
    out->acked_per_s = span > 0 ? (double)G.input_acked / span : 0;
    snprintf(out->first_error, sizeof out->first_error, "%s", G.first_error);
    percentiles(G.input_lat_us, G.input_lat_len, &out->p50_ms, &out->p99_ms, &out->max_ms);
    free(G.input_sent_ns);
    free(G.input_lat_us);
    G.input_sent_ns = NULL;
    G.input_lat_us = NULL;
    G.input_cap = 0;
    return 0;
}

void lg_touch_all(void) {
    for (int i = 0; i < G.count; i++) {
        if (G.conns[i].state == ST_OPEN) send_frame(i, 10, "", 0);
        if ((i & 255) == 255) service(0);
    }
}

double lg_wait_server_idle(pid_t server_pid, double max_busy, int timeout_ms) {
    uint64_t deadline = lg_now_ns() + (uint64_t)timeout_ms * 1000000ull;
    double busy = 1;
    while (lg_now_ns() < deadline) {
        double cpu0 = lg_proc_cpu_seconds(server_pid);
        uint64_t t0 = lg_now_ns();
        uint64_t until = t0 + 300000000ull;
        while (lg_now_ns() < until) service(5);
        busy = (lg_proc_cpu_seconds(server_pid) - cpu0) / ((double)(lg_now_ns() - t0) / 1e9);
        if (busy <= max_busy) break;
    }
    return busy;
}

long lg_error_count(void) { return G.errors; }
const char *lg_first_error(void) { return G.first_error; }
long lg_closed_count(void) { return G.closed; }

void lg_close_all(void) {
    for (int i = 0; i < G.count; i++) {
        conn_t *c = &G.conns[i];
        if (c->fd >= 0 && c->state != ST_CLOSED) close(c->fd);
        free(c->rbuf);
        free(c->wbuf);
    }
    free(G.conns);
    free(G.meetings);
    if (G.epfd > 0) close(G.epfd);
    memset(&G, 0, sizeof G);
}

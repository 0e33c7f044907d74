#ifndef DIALOGCAFE_SOCKET_INFO_H
#define DIALOGCAFE_SOCKET_INFO_H

#include <stdint.h>

/* How many bytes the peer has acknowledged on a TCP socket (its kernel took them), or -1.
 * In C of its own: the field is in <linux/tcp.h>'s tcp_info, which Swift's Glibc module
 * declares from <netinet/tcp.h> without it, and the two cannot meet in one module. */
int64_t dialogcafe_tcp_bytes_acked(int fd);

#endif

#ifndef DIALOGCAFE_CZLIB_SHIM_H
#define DIALOGCAFE_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro in zlib.h, which Swift does not import. */
static inline int dialogcafe_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
}

#endif

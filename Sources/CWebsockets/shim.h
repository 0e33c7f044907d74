#ifndef DIALOGCAFE_CWEBSOCKETS_SHIM_H
#define DIALOGCAFE_CWEBSOCKETS_SHIM_H

#include <libwebsockets.h>

/// LWS_PRE is a function-like macro in lws 4.1; Swift cannot import it.
static const size_t dialogcafe_lws_pre = LWS_PRE;

#endif

#ifndef DIALOGCAFE_CSQLITE_SHIM_H
#define DIALOGCAFE_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro Swift cannot import: sqlite copies the bound bytes.
static inline void (*dialogcafe_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }

#endif

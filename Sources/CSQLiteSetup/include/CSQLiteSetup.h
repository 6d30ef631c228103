#ifndef GX_CSQLITESETUP_H
#define GX_CSQLITESETUP_H

/// Process-wide SQLite settings that only C can make (sqlite3_config is variadic). Must run before SQLite is
/// initialised (before the first connection opens); returns 0 when applied, otherwise the SQLite error code
/// (SQLITE_MISUSE when SQLite was already initialised, in which case nothing changed).
///
/// - Multi-thread mode: connections carry no mutex of their own. GRDB serialises every use of a connection
///   (each connection has its own serial queue), so SQLite's per-call connection locks only cost time.
/// - No memory statistics: SQLite otherwise takes a global mutex around every allocation to count it.
int gx_sqlite_configure_process(void);

#endif

/* wasi_compat.h - the three POSIX calls src/io and src/format use that wasi-libc
 * leaves out (it has no temporary directories, no absolute paths, no permissions).
 * Included into every file of the browser build (web/wasm32-wasi.ini);
 * implemented in web/wasi_compat.c for the page's in-memory file system. */
#ifndef RNNSCOPE_WASI_COMPAT_H
#define RNNSCOPE_WASI_COMPAT_H
#ifdef __wasi__
#include <sys/types.h>

int mkstemp(char *tmpl);
char *realpath(const char *path, char *resolved);
int fchmod(int fd, mode_t mode);

#endif
#endif

/* fuzz_http.h — an in-process libmicrohttpd daemon for the fuzz targets
 * whose parser needs a real MHD connection (query strings, multipart
 * uploads): each input is sent as one HTTP request over loopback and the
 * target's handler runs on the daemon's thread with a migrated in-memory
 * database, as a server thread would. */
#ifndef CADRE_FUZZ_HTTP_H
#define CADRE_FUZZ_HTTP_H

#include <stddef.h>

#include "http/request.h"

/* Runs for each request with `req` filled as server.c fills it (arena,
 * conn, method, path, body, today, db); returns 0 after setting a response
 * or an err code answered as problem+json. */
typedef int (*fuzz_http_handler)(struct request *req);

/* Starts the daemon once (on 127.0.0.1, a free port) with `handler`. */
void fuzz_http_start(fuzz_http_handler handler);

/* Sends `head` (request line + headers, CRLF-terminated, no blank line)
 * followed by "Content-Length", a blank line and `body`, then reads the
 * answer until the server closes. Returns the HTTP status, or 0 when the
 * server dropped the connection without an answer. Aborts on a 5xx. */
int fuzz_http_send(const char *head, const void *body, size_t body_len);

#endif

/* server.h — `cadre serve`: libmicrohttpd in thread-pool + epoll mode, one
 * database connection per server thread, limits on every request. */
#ifndef CADRE_SERVER_H
#define CADRE_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct server_config {
    const char *db_url;
    const char *listen; /* "127.0.0.1:8080" */
    unsigned threads;   /* 0 = number of cores */
    unsigned max_connections;
    unsigned timeout_seconds; /* idle connection timeout */
    bool behind_https;        /* clients reach us through an HTTPS (or TLCP) proxy */
};

/* "; Secure" when serving behind HTTPS (the session cookie is then never
 * sent over plain HTTP), else "". Static text. */
const char *server_cookie_secure(void);

/* Largest request bodies: JSON and, for roster imports, uploaded files. */
#define SERVER_MAX_BODY (1u << 20)
#define SERVER_MAX_UPLOAD (64u << 20)

/* Serves until SIGINT or SIGTERM. Returns 0, or ERR_INVALID / ERR_IO with a
 * message on stderr when the address is bad or cannot be bound. */
int server_run(const struct server_config *cfg);

#endif

/* fuzz_http.c — see fuzz_http.h. */
#include "fuzz_http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/strbuf.h"

static fuzz_http_handler current_handler;
static struct db *daemon_db; /* used only on the daemon's one thread */
static unsigned short port;

struct conn_body {
    struct strbuf body;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct conn_body *cb = *con_cls;
    if (!cb) {
        cb = calloc(1, sizeof *cb);
        *con_cls = cb;
        return MHD_YES;
    }
    if (*upload_data_size) {
        strbuf_append(&cb->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct request req = {0};
    req.arena = arena_new();
    req.conn = conn;
    req.method = method;
    req.path = url;
    req.resp_fd = -1;
    req.today = (struct date){2025, 6, 15};
    req.source_addr = "127.0.0.1";
    req.db = daemon_db;
    field_errors_init(&req.errors, req.arena);
    if (cb->body.len) {
        req.body = cb->body.data;
        req.body_len = cb->body.len;
    }
    int rc = current_handler(&req);
    if (db_in_transaction(daemon_db))
        abort(); /* a handler must never leave a transaction open */
    if (rc < 0)
        resp_problem(&req, rc, NULL);
    else if (!req.resp_body)
        resp_bytes(&req, 204, "text/plain", "", 0);
    if (req.status >= 500)
        abort();
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(req.resp_len, (void *)req.resp_body, MHD_RESPMEM_MUST_COPY);
    if (req.resp_fd >= 0)
        close(req.resp_fd);
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)req.status, resp);
    MHD_destroy_response(resp);
    arena_free(req.arena);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct conn_body *cb = *con_cls;
    if (cb) {
        strbuf_release(&cb->body);
        free(cb);
        *con_cls = NULL;
    }
}

void fuzz_http_start(fuzz_http_handler handler)
{
    if (current_handler)
        return;
    current_handler = handler;
    char *msg = NULL;
    if (store_open(":memory:", 1, &daemon_db, &msg) < 0) {
        fprintf(stderr, "fuzz: cannot open an in-memory database: %s\n", msg ? msg : "?");
        abort();
    }
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* One internal thread, no pool: the handler and its database share it. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_END);
    if (!d)
        abort();
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || !info->port)
        abort();
    port = info->port;
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w <= 0)
            return; /* the server may refuse early; its answer is read below */
        c += w;
        n -= (size_t)w;
    }
}

int fuzz_http_send(const char *head, const void *body, size_t body_len)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Hundreds of thousands of short connections can run the loopback out of
     * ports for a moment (TIME_WAIT): that is the machine, not a finding, so
     * wait and retry, and skip the input if it persists. */
    int fd = -1;
    for (int attempt = 0; attempt < 200 && fd < 0; attempt++) {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            abort();
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
            close(fd);
            fd = -1;
            usleep(10000);
        }
    }
    if (fd < 0)
        return 0;
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char tail[96];
    int n =
        snprintf(tail, sizeof tail, "Connection: close\r\nContent-Length: %zu\r\n\r\n", body_len);
    write_all(fd, head, strlen(head));
    write_all(fd, tail, (size_t)n);
    write_all(fd, body, body_len);
    char buf[4096];
    size_t got = 0;
    ssize_t r;
    while ((r = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0) {
        got += (size_t)r;
        if (got == sizeof buf - 1)
            got = 16; /* keep the status line; drop the rest */
    }
    close(fd);
    buf[got] = '\0';
    int status = 0;
    if (got > 12 && strncmp(buf, "HTTP/1.", 7) == 0)
        status = atoi(buf + 9);
    if (status >= 500)
        abort();
    return status;
}

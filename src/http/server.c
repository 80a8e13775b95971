/* server.c — libmicrohttpd glue: reads bodies under a cap (draining a
 * refused one so that the client reads the 413), gives each request an
 * arena and its thread's database connection, adds the security headers,
 * and hands the request to the router. */
#include "http/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/request.h"
#include "http/router.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

struct conn_state {
    struct strbuf body;
    size_t cap;
    bool too_large;
    bool answered;   /* the 413 was queued */
    size_t received; /* bytes of the body so far, kept or discarded */
    struct timespec start;
};

/* A refused body is read and discarded before the 413 is sent: a client
 * that is still sending when the server answers and closes (Node's fetch,
 * a browser's upload) meets a reset (EPIPE) instead of the answer. The
 * draining is bounded: up to DRAIN_BYTES past the cap (the cap itself for
 * uploads, which are larger) and for DRAIN_SECONDS from the request's
 * start. A body declared larger than that is answered at once, before it is
 * read; one that turns out larger or slower is cut off by closing the
 * connection (libmicrohttpd cannot queue an answer in the middle of a
 * body), so a sender can never keep a worker busy. */
#define DRAIN_BYTES ((size_t)16 << 20)
#define DRAIN_SECONDS 10

static size_t drain_bound(size_t cap)
{
    return cap + (cap > DRAIN_BYTES ? cap : DRAIN_BYTES);
}

static bool drain_expired(const struct conn_state *cs)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec - cs->start.tv_sec >= DRAIN_SECONDS;
}

static const char *db_url;
static pthread_key_t db_key;

static void close_thread_db(void *p)
{
    db_close(p);
}

/* Each MHD worker thread opens its own connection the first time it needs it. */
static struct db *thread_db(void)
{
    struct db *db = pthread_getspecific(db_key);
    if (db)
        return db;
    char *msg = NULL;
    if (db_open(db_url, &db, &msg) < 0) {
        log_error("%s", msg ? msg : "cannot open database");
        free(msg);
        return NULL;
    }
    /* 4 MiB of page cache per thread: every worker owns a connection, so
     * the cache is multiplied by the threads, and a bigger one only grew the
     * resident set under load (docs/reliability.md) without faster lists. */
    if (db_set_cache_kib(db, 4096) < 0)
        log_warn("cannot set the page cache size of a server connection");
    pthread_setspecific(db_key, db);
    return db;
}

static const char *const security_headers[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
    /* Element Plus positions popups with inline styles; scripts stay 'self' only. */
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                "font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"},
};

/* Set once at start (server_run), before any thread. */
static bool behind_https;

const char *server_cookie_secure(void)
{
    return behind_https ? "; Secure" : "";
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *req)
{
    struct MHD_Response *resp;
    if (req->resp_fd >= 0)
        resp = MHD_create_response_from_fd(req->resp_fd_size, req->resp_fd);
    else if (req->resp_persistent)
        resp = MHD_create_response_from_buffer(req->resp_len, (void *)req->resp_body,
                                               MHD_RESPMEM_PERSISTENT);
    else {
        /* Our own copy, overwritten when MHD is done with it: an answer may
         * carry a one-time password or a TOTP secret. */
        void *copy = xmalloc(req->resp_len ? req->resp_len : 1);
        memcpy(copy, req->resp_body, req->resp_len);
        resp = MHD_create_response_from_buffer_with_free_callback(req->resp_len, copy, xfree_wiped);
        if (!resp)
            xfree_wiped(copy);
    }
    if (!resp)
        return MHD_NO;
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
    if (behind_https) /* browsers honour it over HTTPS only: the proxy's */
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (strncmp(req->path, "/api/", 5) == 0)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (req->content_type)
        MHD_add_response_header(resp, "Content-Type", req->content_type);
    for (size_t i = 0; i < req->nheaders; i++)
        MHD_add_response_header(resp, req->headers[i][0], req->headers[i][1]);
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)req->status, resp);
    MHD_destroy_response(resp);
    return r;
}

static struct date local_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static void client_address(struct MHD_Connection *conn, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)size);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct conn_state *cs = *con_cls;
    if (!cs) {
        cs = xcalloc(1, sizeof *cs);
        cs->cap = strncmp(url, "/api/v1/imports/", 16) == 0 ? SERVER_MAX_UPLOAD : SERVER_MAX_BODY;
        clock_gettime(CLOCK_MONOTONIC, &cs->start);
        *con_cls = cs;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
        if (declared <= cs->cap)
            return MHD_YES;
        cs->too_large = true;
        /* Drain a body within the bound; answer at once one that is larger,
         * or whose sender waits for "100 Continue" and so sends nothing. */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
        if (declared <= drain_bound(cs->cap) && !expect)
            return MHD_YES;
    } else if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (cs->answered)
            return MHD_YES;
        cs->received += n;
        if (!cs->too_large) {
            if (n <= cs->cap - cs->body.len) {
                strbuf_append(&cs->body, upload_data, n);
                return MHD_YES;
            }
            cs->too_large = true;
            /* What was kept is of no use now: wiped, like a finished body. */
            if (cs->body.data)
                sodium_memzero(cs->body.data, cs->body.len);
            strbuf_release(&cs->body);
        }
        if (cs->received <= drain_bound(cs->cap) && !drain_expired(cs))
            return MHD_YES;
        log_warn("%s %s: a refused body past %zu bytes or %d s; connection closed", method, url,
                 drain_bound(cs->cap), DRAIN_SECONDS);
        return MHD_NO;
    } else if (cs->answered) {
        return MHD_YES;
    }
    if (cs->too_large)
        cs->answered = true;

    struct request req = {0};
    req.arena = arena_new();
    req.conn = conn;
    req.method = method;
    req.resp_fd = -1;
    req.today = local_today();
    field_errors_init(&req.errors, req.arena);
    char addr[INET6_ADDRSTRLEN + 1];
    client_address(conn, addr, sizeof addr);
    req.source_addr = arena_strdup(req.arena, addr);
    /* MHD hands over the path already percent-decoded; refuse what is not
     * text (a 400, not the web UI's index page under a broken API path). */
    bool path_ok = utf8_valid(url, strlen(url));
    req.path = path_ok ? url : "/";
    if (cs->body.len) {
        req.body = cs->body.data;
        req.body_len = cs->body.len;
    }
    req.db = thread_db();
    if (cs->too_large) {
        resp_problem(&req, ERR_TOO_LARGE,
                     cs->cap == SERVER_MAX_UPLOAD
                         ? "上传的文件过大：不能超过 64 MB，请拆分后分批导入"
                         : "请求内容过大：不能超过 1 MB");
    } else if (!path_ok) {
        req.malformed = true;
        resp_problem(&req, ERR_INVALID, "请求路径不是有效的 UTF-8 文本");
    } else if (!req.db) {
        resp_problem(&req, ERR_UNAVAILABLE, "数据库暂时无法打开，请稍后重试");
    } else {
        router_dispatch(&req);
        if (req.db && db_in_transaction(req.db)) {
            log_error("%s %s left a transaction open; rolled back", method, url);
            db_rollback(req.db);
        }
    }
    enum MHD_Result r = send_response(conn, &req);
    arena_free(req.arena);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct conn_state *cs = *con_cls;
    if (cs) {
        /* Bodies carry passwords and personal data: wiped, not just freed. */
        if (cs->body.data)
            sodium_memzero(cs->body.data, cs->body.len);
        strbuf_release(&cs->body);
        free(cs);
        *con_cls = NULL;
    }
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return ERR_INVALID;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port <= 0 || port > 65535)
        return ERR_INVALID;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
        return ERR_INVALID;
    return 0;
}

int server_run(const struct server_config *cfg)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa) < 0) {
        fprintf(stderr, "cadre: 监听地址“%s”无效，应为 IP:端口，如 127.0.0.1:8080\n", cfg->listen);
        return ERR_INVALID;
    }
    db_url = cfg->db_url;
    behind_https = cfg->behind_https;
    /* jansson's strings (parsed passwords, answers with secrets) are
     * overwritten when freed. */
    json_set_alloc_funcs(xmalloc, xfree_wiped);
    pthread_key_create(&db_key, close_thread_db);
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    /* One malloc arena per core, not eight: the roster snapshot is built
     * by one thread and freed by another, and many arenas keep the pages. */
    mallopt(M_ARENA_MAX, (int)(threads > 1 ? threads : 2));
    /* Blocks of 128 KiB and more (the roster snapshot's columns) from mmap,
     * so freeing a replaced snapshot returns them to the system at once;
     * glibc's default threshold climbs to 32 MiB after the first such free
     * and then keeps them in the heap. */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections ? cfg->max_connections : 1024u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_TIMEOUT,
        cfg->timeout_seconds ? cfg->timeout_seconds : 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "cadre: 无法在 %s 上启动服务（端口被占用或无权限）\n", cfg->listen);
        return ERR_IO;
    }
    struct sigaction act = {0};
    act.sa_handler = on_signal;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("cadre 正在服务: http://%s/ (按 Ctrl+C 停止)\n", cfg->listen);
    fflush(stdout);
    while (!stop_requested)
        pause();
    log_info("stopping");
    MHD_stop_daemon(d);
    return 0;
}

/* query_fuzz.c — the roster filters of a query string, as GET
 * /api/v1/people reads them: libmicrohttpd splits and percent-decodes the
 * query, people_filter_from_query reads q, unit_id, the code filters, ages
 * and sort. The input is the query string; bytes that would break the
 * request line (space, CR, LF, #, controls, non-ASCII) are percent-encoded,
 * so "&", "=", "+" and "%" stay the fuzzer's to place. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_http.h"
#include "http/query.h"
#include "util/arena.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int handler(struct request *req)
{
    struct people_filter f;
    int rc = people_filter_from_query(req, &f);
    if (rc < 0) {
        if (!req->errors.head)
            abort();
        return rc;
    }
    if (f.q && (!utf8_valid(f.q, strlen(f.q)) || utf8_length(f.q) > 100))
        abort();
    if ((f.age_min >= 0 && f.age_max >= 0 && f.age_min > f.age_max) || f.age_min > 150 ||
        f.age_max > 150)
        abort();
    return resp_bytes(req, 200, "text/plain", "ok", 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    fuzz_http_start(handler);
    static const char hex[] = "0123456789ABCDEF";
    char *head = malloc(size * 3 + 64);
    size_t n = 0;
    memcpy(head, "GET /api/v1/people?", 19);
    n = 19;
    for (size_t i = 0; i < size; i++) {
        uint8_t c = data[i];
        if (c <= 0x20 || c >= 0x7f || c == '#') {
            head[n++] = '%';
            head[n++] = hex[c >> 4];
            head[n++] = hex[c & 15];
        } else {
            head[n++] = (char)c;
        }
    }
    memcpy(head + n, " HTTP/1.1\r\nHost: x\r\n", 21);
    fuzz_http_send(head, "", 0);
    free(head);
    return 0;
}

/* multipart_fuzz.c — an upload to POST /api/v1/imports/roster as the real
 * handler reads it: libmicrohttpd's post processor over a multipart/form-
 * data body (the "file" field), then table_read, roster_file_parse and, for a
 * good file, roster_apply on the in-memory database, all or nothing. The
 * input's first line is the boundary; the rest is the body. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_http.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    /* Not a ROUTE_WRITE route: the handler opens its own transaction. */
    fuzz_http_start(router_route("POST", "/api/v1/imports/roster")->handler);
    const uint8_t *nl = memchr(data, '\n', size < 72 ? size : 72);
    size_t blen = nl ? (size_t)(nl - data) : 0;
    char boundary[80];
    size_t k = 0;
    for (size_t i = 0; i < blen; i++) /* a header value cannot hold controls */
        if (data[i] >= 0x20 && data[i] < 0x7f && data[i] != '"')
            boundary[k++] = (char)data[i];
    boundary[k] = '\0';
    char head[192];
    snprintf(head, sizeof head,
             "POST /api/v1/imports/roster HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: multipart/form-data; boundary=%s\r\n",
             boundary);
    const uint8_t *body = nl ? nl + 1 : data;
    fuzz_http_send(head, body, size - (size_t)(body - data));
    return 0;
}

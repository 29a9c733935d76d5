/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_HTTP_H
#define CVTOP_HTTP_H

#include <stddef.h>

struct web_config;
struct exporter;
struct http_server;

#define HTTP_DEFAULT_PORT 10077

/*
 * Serves GET and HEAD of /metrics (and / with a link to it) from @ex's
 * latest exposition, on @listen ("[ADDR:]PORT", default address
 * 127.0.0.1), from libmicrohttpd's own thread. @wc (may be NULL) adds TLS
 * and basic authentication. 0 or -errno with a message in @err.
 */
int http_start(const char *listen, const struct web_config *wc, struct exporter *ex,
	       struct http_server **out, char *err, size_t err_len);
void http_stop(struct http_server *h);

#endif

// SPDX-License-Identifier: GPL-2.0
/* The /metrics endpoint, on libmicrohttpd: no HTTP parsing of our own. */
#ifndef CVTOP_NO_HTTP /* HTTP=0: a static build without libmicrohttpd (no_http.c) */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "exporter.h"
#include "http.h"
#include "mhd_dl.h"
#include "webconfig.h"

/* A scraper gets this many seconds of idle time, a slow client no more. */
#define HTTP_TIMEOUT_S 10
#define HTTP_MAX_CONNECTIONS 64
#define HTTP_MAX_PER_IP 32

struct http_server {
	struct MHD_Daemon *d;
	struct exporter *ex;
	const struct web_config *wc;
};

static const char index_page[] = "<html><head><title>cvtop exporter</title></head>\n"
				 "<body><h1>cvtop exporter</h1>\n"
				 "<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

static enum MHD_Result reply_static(struct MHD_Connection *c, unsigned int status, const char *type,
				    const char *body, const char *allow)
{
	struct MHD_Response *r =
		mhd.create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	mhd.add_response_header(r, "Content-Type", type);
	if (allow)
		mhd.add_response_header(r, "Allow", allow);
	ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static bool authorized(struct http_server *h, struct MHD_Connection *c)
{
	char *pass = NULL, *user;
	bool ok;

	if (!h->wc || !h->wc->nr_users)
		return true;
	user = mhd.basic_auth_get_username_password(c, &pass);
	ok = web_config_check(h->wc, user, pass);
	if (pass)
		explicit_bzero(pass, strlen(pass));
	mhd.free(user);
	mhd.free(pass);
	return ok;
}

static void release_buf(void *cls)
{
	exporter_put(cls);
}

static enum MHD_Result reply_metrics(struct http_server *h, struct MHD_Connection *c)
{
	const char *accept = mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
	enum expo_fmt fmt = accept && strstr(accept, "application/openmetrics-text")
				    ? EXPO_OPENMETRICS
				    : EXPO_TEXT;
	struct expo_buf *b = exporter_get(h->ex, fmt);
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!b)
		return reply_static(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
				    "no snapshot yet\n", NULL);
	/* the buffer is shared with other scrapes, never copied */
	r = mhd.create_response_from_buffer_with_free_callback_cls(b->len, b->data, release_buf, b);
	if (!r) {
		exporter_put(b);
		return MHD_NO;
	}
	mhd.add_response_header(r, "Content-Type", expo_content_type[b->fmt]);
	ret = mhd.queue_response(c, MHD_HTTP_OK, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	struct http_server *h = cls;
	bool get = !strcmp(method, MHD_HTTP_METHOD_GET), head = !strcmp(method, "HEAD");
	bool metrics = !strcmp(url, "/metrics");

	/* a request body is never read: the reply goes on the first call */
	*upload_data_size = 0;
	if (!metrics && strcmp(url, "/"))
		return reply_static(c, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n", NULL);
	if (!get && !head)
		return reply_static(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
				    "only GET and HEAD\n", "GET, HEAD");
	if (!authorized(h, c)) {
		struct MHD_Response *r = mhd.create_response_from_buffer(
			13, (void *)"unauthorized\n", MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret;

		if (!r)
			return MHD_NO;
		ret = mhd.queue_basic_auth_fail_response(c, "cvtop", r);
		mhd.destroy_response(r);
		return ret;
	}
	if (!metrics)
		return reply_static(c, MHD_HTTP_OK, "text/html; charset=utf-8", index_page, NULL);
	return reply_metrics(h, c);
}

/* "[ADDR:]PORT", "[::1]:PORT": an address, 127.0.0.1 by default */
static int parse_listen(const char *s, struct sockaddr_storage *ss, char *err, size_t err_len)
{
	char host[64] = "127.0.0.1", *end;
	const char *port = s, *colon = strrchr(s, ':');
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	unsigned long p;

	if (colon) {
		size_t n = colon - s;

		if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
			s++, n -= 2;
		if (!n || n >= sizeof(host))
			goto bad;
		memcpy(host, s, n);
		host[n] = '\0';
		port = colon + 1;
	}
	errno = 0;
	p = strtoul(port, &end, 10);
	if (errno || end == port || *end || p < 1 || p > 65535)
		goto bad;
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(p);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(p);
		return 0;
	}
bad:
	snprintf(err, err_len,
		 "--listen wants [ADDR:]PORT with a numeric address, e.g. %d or "
		 "0.0.0.0:%d",
		 HTTP_DEFAULT_PORT, HTTP_DEFAULT_PORT);
	return -EINVAL;
}

int http_start(const char *listen, const struct web_config *wc, struct exporter *ex,
	       struct http_server **out, char *err, size_t err_len)
{
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	struct sockaddr_storage ss;
	struct http_server *h;
	int e;

	e = parse_listen(listen, &ss, err, err_len);
	if (e)
		return e;
	e = mhd_load(err, err_len);
	if (e)
		return e;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (wc && wc->cert_pem)
		flags |= MHD_USE_TLS;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->ex = ex;
	h->wc = wc;
	h->d = mhd.start_daemon(flags, 0, NULL, NULL, handle, h, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned int)HTTP_MAX_CONNECTIONS,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_PER_IP,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_TIMEOUT_S,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
				wc && wc->cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
				wc ? wc->cert_pem : NULL, MHD_OPTION_HTTPS_MEM_KEY,
				wc ? wc->key_pem : NULL, MHD_OPTION_END);
	if (!h->d) {
		e = errno ? -errno : -EADDRINUSE;
		snprintf(err, err_len, "cannot listen on %s: %s", listen, strerror(-e));
		free(h);
		return e;
	}
	*out = h;
	return 0;
}

void http_stop(struct http_server *h)
{
	if (!h)
		return;
	mhd.stop_daemon(h->d);
	free(h);
}

#endif /* CVTOP_NO_HTTP */

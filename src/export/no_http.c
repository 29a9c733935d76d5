// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP=0 builds (the kernel matrix's static arm64 binary, which has no static
 * libmicrohttpd and GnuTLS to link): --listen and --web-config say they are
 * not built in; every other output works.
 */
#ifdef CVTOP_NO_HTTP
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "http.h"
#include "webconfig.h"

int http_start(const char *listen, const struct web_config *wc, struct exporter *ex,
	       struct http_server **out, char *err, size_t err_len)
{
	snprintf(err, err_len, "--listen: this cvtop was built without HTTP (HTTP=0)");
	*out = NULL;
	return -ENOTSUP;
}

void http_stop(struct http_server *h)
{
}

int web_config_load(const char *path, struct web_config *wc, char *err, size_t err_len)
{
	memset(wc, 0, sizeof(*wc));
	snprintf(err, err_len, "--web-config: this cvtop was built without HTTP (HTTP=0)");
	return -ENOTSUP;
}

void web_config_free(struct web_config *wc)
{
}

int web_config_check(const struct web_config *wc, const char *user, const char *password)
{
	return -ENOTSUP;
}
#endif /* CVTOP_NO_HTTP */

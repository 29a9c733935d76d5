// SPDX-License-Identifier: GPL-2.0
#ifndef CVTOP_NO_HTTP /* HTTP=0: a static build without libmicrohttpd (no_http.c) */
#include <crypt.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "webconfig.h"

#define PEM_MAX (256 * 1024)

static int read_small_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), err = 0;
	char *buf = NULL;
	ssize_t n;
	size_t len = 0;

	if (fd < 0)
		return -errno;
	buf = malloc(PEM_MAX + 1);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	while ((n = read(fd, buf + len, PEM_MAX - len)) > 0)
		len += n;
	if (n < 0)
		err = -errno;
	else if (len == PEM_MAX)
		err = -EFBIG;
	buf[len] = '\0';
out:
	close(fd);
	if (err)
		free(buf);
	else
		*out = buf;
	return err;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	/* a quoted scalar */
	if (e - s >= 2 && (*s == '"' || *s == '\'') && e[-1] == *s) {
		e[-1] = '\0';
		s++;
	}
	return s;
}

enum section { SEC_NONE, SEC_TLS, SEC_USERS };

static int parse_line(char *line, enum section *sec, struct web_config *wc, char **cert, char **key,
		      char *err, size_t err_len)
{
	bool indented = line[0] == ' ' || line[0] == '\t';
	char *colon, *k, *v, *hash = strchr(line, '#');

	/* comments: a '#' after a space or at the start (hashes hold none) */
	if (hash && (hash == line || hash[-1] == ' ' || hash[-1] == '\t'))
		*hash = '\0';
	if (!*trim(line))
		return 0;
	colon = strchr(line, ':');
	if (!colon) {
		snprintf(err, err_len, "expected KEY: VALUE");
		return -EINVAL;
	}
	*colon = '\0';
	k = trim(line);
	v = trim(colon + 1);
	if (!indented) {
		if (!strcmp(k, "tls_server_config"))
			*sec = SEC_TLS;
		else if (!strcmp(k, "basic_auth_users"))
			*sec = SEC_USERS;
		else {
			snprintf(err, err_len, "unknown section %.40s", k);
			return -EINVAL;
		}
		return 0;
	}
	if (*sec == SEC_TLS && (!strcmp(k, "cert_file") || !strcmp(k, "key_file"))) {
		char **dst = k[0] == 'c' ? cert : key;

		free(*dst);
		*dst = strdup(v);
		return *dst ? 0 : -ENOMEM;
	}
	if (*sec == SEC_USERS) {
		struct web_user *u = &wc->users[wc->nr_users];

		if (wc->nr_users == WEB_MAX_USERS || strlen(k) >= sizeof(u->name) ||
		    strlen(v) >= sizeof(u->hash) || v[0] != '$') {
			snprintf(err, err_len, "user %.40s: too many users, or not a crypt hash",
				 k);
			return -EINVAL;
		}
		strcpy(u->name, k);
		strcpy(u->hash, v);
		wc->nr_users++;
		return 0;
	}
	snprintf(err, err_len, "unknown key %.40s", k);
	return -EINVAL;
}

int web_config_load(const char *path, struct web_config *wc, char *err, size_t err_len)
{
	char *text = NULL, *line, *save = NULL, *cert = NULL, *key = NULL;
	enum section sec = SEC_NONE;
	int lineno = 0, e;

	memset(wc, 0, sizeof(*wc));
	e = read_small_file(path, &text);
	if (e) {
		snprintf(err, err_len, "%s: %s", path, strerror(-e));
		return e;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char why[120];

		lineno++;
		e = parse_line(line, &sec, wc, &cert, &key, why, sizeof(why));
		if (e) {
			snprintf(err, err_len, "%s: line %d: %s", path, lineno, why);
			goto out;
		}
	}
	if (!cert != !key) {
		snprintf(err, err_len, "%s: TLS needs cert_file and key_file", path);
		e = -EINVAL;
		goto out;
	}
	if (cert) {
		e = read_small_file(cert, &wc->cert_pem);
		if (!e)
			e = read_small_file(key, &wc->key_pem);
		if (e)
			snprintf(err, err_len, "%s: %s: %s", path, wc->cert_pem ? key : cert,
				 strerror(-e));
	}
out:
	free(text);
	free(cert);
	free(key);
	if (e)
		web_config_free(wc);
	return e;
}

void web_config_free(struct web_config *wc)
{
	free(wc->cert_pem);
	if (wc->key_pem)
		explicit_bzero(wc->key_pem, strlen(wc->key_pem));
	free(wc->key_pem);
	memset(wc, 0, sizeof(*wc));
}

int web_config_check(const struct web_config *wc, const char *user, const char *password)
{
	struct crypt_data *cd;
	int i, ok = 0;

	if (!user || !password)
		return 0;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return 0;
	for (i = 0; i < wc->nr_users; i++) {
		const char *h;
		size_t n = strlen(wc->users[i].hash), j;
		unsigned char diff = 0;

		if (strcmp(wc->users[i].name, user))
			continue;
		h = crypt_r(password, wc->users[i].hash, cd);
		if (!h || strlen(h) != n)
			break;
		for (j = 0; j < n; j++)
			diff |= h[j] ^ wc->users[i].hash[j];
		ok = !diff;
		break;
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

#endif /* CVTOP_NO_HTTP */

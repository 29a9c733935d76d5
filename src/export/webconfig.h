/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_WEBCONFIG_H
#define CVTOP_WEBCONFIG_H

#include <stddef.h>

#define WEB_MAX_USERS 16

/*
 * --web-config FILE: TLS and basic authentication, in the subset of the
 * Prometheus exporters' web configuration (YAML) that cvtop reads:
 *
 *   tls_server_config:
 *     cert_file: /etc/cvtop/cert.pem
 *     key_file: /etc/cvtop/key.pem
 *   basic_auth_users:
 *     prometheus: $2y$10$...   (a bcrypt hash, as htpasswd -nB makes)
 */
struct web_config {
	char *cert_pem, *key_pem; /* the files' contents; NULL without TLS */
	struct web_user {
		char name[64];
		char hash[128]; /* crypt(3) hash: bcrypt, sha512-crypt, ... */
	} users[WEB_MAX_USERS];
	int nr_users;
};

/* 0, or -errno with what is wrong in @err. */
int web_config_load(const char *path, struct web_config *wc, char *err, size_t err_len);
void web_config_free(struct web_config *wc);
/* Whether @user / @password match a user of @wc (constant time per hash). */
int web_config_check(const struct web_config *wc, const char *user, const char *password);

#endif

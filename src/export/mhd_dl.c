// SPDX-License-Identifier: GPL-2.0
/*
 * libmicrohttpd, opened when --listen asks for it. Linked in, it and the
 * GnuTLS libraries it pulls in (nine shared objects) were mapped and relocated
 * at every start of every cvtop: 3 MB of its memory and a few ms, for an
 * exporter most runs never start.
 */
#ifndef CVTOP_NO_HTTP /* HTTP=0: no exporter at all (no_http.c) */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "mhd_dl.h"

/* the ABI this code is built against (Debian: libmicrohttpd12) */
#define MHD_SONAME "libmicrohttpd.so.12"

struct mhd_api mhd;

int mhd_load(char *err, size_t err_len)
{
	static const struct {
		const char *name;
		size_t off;
	} syms[] = {
#define MHD_SYM(field, sym) { #sym, offsetof(struct mhd_api, field) },
		MHD_FUNCS(MHD_SYM)
#undef MHD_SYM
	};
	struct mhd_api api;
	void *lib, *f;
	size_t i;

	if (mhd.start_daemon)
		return 0;
	lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(err, err_len, "--listen needs %s (Debian package libmicrohttpd12): %s",
			 MHD_SONAME, dlerror());
		return -ENOENT;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		f = dlsym(lib, syms[i].name);
		if (!f) {
			snprintf(err, err_len, "--listen: %s has no %s", MHD_SONAME, syms[i].name);
			dlclose(lib);
			return -ENOENT;
		}
		/* a function pointer from dlsym's object pointer, as POSIX allows */
		memcpy((char *)&api + syms[i].off, &f, sizeof(f));
	}
	/* never closed: the server runs until cvtop exits */
	mhd = api;
	return 0;
}
#endif /* CVTOP_NO_HTTP */

// SPDX-License-Identifier: GPL-2.0
/* The host's pressure for the summary header: read, recorded, replayed. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "host.h"
#include "json.h"
#include "jsondom.h"
#include "psi.h"
#include "schema.h"

static struct host_state now;

#define PSI_OFF(i, m)                                                       \
	(offsetof(struct host_state, psi) + (i) * sizeof(struct host_psi) + \
	 offsetof(struct host_psi, m))

#define PSI_FIELDS(i)                                                                          \
	{                                                                                      \
		{ .key = "some_avg10",                                                         \
		  .type = FT_DOUBLE,                                                           \
		  .off = PSI_OFF(i, some_avg10),                                               \
		  .decimals = 2 },                                                             \
		{                                                                              \
			.key = "full_avg10", .type = FT_DOUBLE, .off = PSI_OFF(i, full_avg10), \
			.present = PSI_OFF(i, has_full) + 1, .decimals = 2                     \
		}                                                                              \
	}

static const struct field psi_sub[HOST_PSI_NR][2] = { PSI_FIELDS(0), PSI_FIELDS(1), PSI_FIELDS(2) };

#define PSI_OBJECT(i, name)                                                                        \
	{                                                                                          \
		.key = name, .type = FT_OBJECT, .present = PSI_OFF(i, has) + 1, .sub = psi_sub[i], \
		.nr_sub = 2                                                                        \
	}

/* the pressure files of /proc/pressure, by name: the keys name the files */
static const struct field psi_fields[] = { PSI_OBJECT(0, "cpu"), PSI_OBJECT(1, "io"),
					   PSI_OBJECT(2, "memory") };
_Static_assert(NR_FIELDS(psi_fields) == HOST_PSI_NR, "a field per pressure file");

/* the "host" object's schema: {"psi": {"cpu": {"some_avg10", "full_avg10"}, ...}} */
static const struct field host_fields[] = {
	{ .key = "psi",
	  .type = FT_OBJECT,
	  .present = PRESENT(struct host_state, has_psi),
	  .sub = psi_fields,
	  .nr_sub = NR_FIELDS(psi_fields) },
};

const struct host_state *host_now(void)
{
	return &now;
}

void host_refresh(const char *root)
{
	char dir[256];
	struct psi p;
	int fd, i;

	memset(&now, 0, sizeof(now));
	snprintf(dir, sizeof(dir), "%s/proc/pressure", root);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < HOST_PSI_NR; i++) {
		if (psi_read_at(fd, psi_fields[i].key, &p) || !p.some.valid)
			continue;
		now.psi[i].has = true;
		now.psi[i].some_avg10 = p.some.avg10;
		now.psi[i].has_full = p.full.valid;
		now.psi[i].full_avg10 = p.full.valid ? p.full.avg10 : 0;
		now.has_psi = true;
	}
	close(fd);
}

int host_read_json(const struct jv *obj)
{
	memset(&now, 0, sizeof(now));
	if (!obj)
		return 0;
	return schema_read_fields(host_fields, NR_FIELDS(host_fields), obj, &now, NULL);
}

void host_write_json(struct json_writer *jw)
{
	if (!now.has_psi)
		return;
	jw_name(jw, "host");
	jw_start_object(jw);
	schema_write_fields(jw, host_fields, NR_FIELDS(host_fields), &now, 0);
	jw_end_object(jw);
}

void host_write_text(FILE *f)
{
	int i;

	if (!now.has_psi)
		return;
	fprintf(f, "host pressure avg10 some/full:");
	for (i = 0; i < HOST_PSI_NR; i++) {
		const struct host_psi *p = &now.psi[i];

		if (!p->has)
			fprintf(f, "  %s -", psi_fields[i].key);
		else if (p->has_full)
			fprintf(f, "  %s %.2f/%.2f", psi_fields[i].key, p->some_avg10,
				p->full_avg10);
		else
			fprintf(f, "  %s %.2f/-", psi_fields[i].key, p->some_avg10);
	}
	fputc('\n', f);
}

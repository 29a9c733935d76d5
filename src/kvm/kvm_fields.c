// SPDX-License-Identifier: GPL-2.0
/* Pane 5's fields: the exit table (exit_fields.c) and what the kvm
 * tracepoints count per VM: port I/O, exits to the VMM, MMIO and MSRs.
 * Every output (JSON, replay, text, columns, help, metrics) derives from
 * these declarations. */
#include <stddef.h>
#include <stdio.h>
#include "escape.h"
#include "kvm.h"
#include "out.h"
#include "pane.h"
#include "schema.h"
#include "stats_fields.h"
#include "table.h"

#define SNAP(m) offsetof(struct kvm_snapshot, m)

/* The VM of a row, the column every side table ends with. */
#define VM_FIELDS(T, c)                                                                        \
	{ .key = "pid", .type = FT_INT, .off = offsetof(T, pid), .label = "pid" },             \
	{                                                                                      \
		.key = "vm", .type = FT_STR, .off = offsetof(T, vm), .col = c, .header = "VM", \
		.width = 20, .flags = FF_LEFT | FF_FLEX | FF_NO_SORT,                          \
		.help = "the VM (its VMM's name for it, else its process)", .label = "vm"      \
	}

/* EXITS this interval, TOTAL since cvtop started */
#define COUNT_FIELDS(T, count, total, total_flags, mname)                           \
	{ .key = #count,                                                            \
	  .type = FT_U64,                                                           \
	  .off = offsetof(T, count),                                                \
	  .col = 2,                                                                 \
	  .header = "EXITS",                                                        \
	  .width = 9,                                                               \
	  .metric = METRIC_COUNTER,                                                 \
	  .metric_name = mname },                                                   \
	{                                                                           \
		.key = #total, .type = FT_U64, .off = offsetof(T, total), .col = 3, \
		.header = "TOTAL", .width = 10, .flags = total_flags,               \
		.help = "exits this interval, and since cvtop started"              \
	}

/*
 * The times of a view's accesses (struct kvm_io_time), like perf kvm stat
 * report --event=ioport/mmio; columns from @c on: SAMPL% TIME% MIN MAX MEAN
 * SEM%. @m names its metrics.
 */
#define IT(m) offsetof(struct kvm_io_time, m)
#define IO_TIME_FIELDS(name, c, m)                                                                 \
	static const struct field name##_iv[] = {                                                  \
		{ COUNT_F(0, NULL, 0),                                                             \
		  .help = "accesses timed: to the next kvm_entry (an MMIO read: from its exit)" }, \
		{ SUM_F, .metric = METRIC_COUNTER, .metric_name = m "_handling_seconds",           \
		  .metric_scale = 1e-9, .metric_unit = "seconds" },                                \
		{ NS_F("min_ns", min_ns, (c) + 2, "MIN"),                                          \
		  .help = "the shortest access, to the next kvm_entry" },                          \
		{ NS_F("max_ns", max_ns, (c) + 3, "MAX"), .help = "the longest",                   \
		  .metric = METRIC_GAUGE, .metric_name = m "_handling_max_seconds" },              \
		{ MEAN_F((c) + 4, "MEAN"), .help = "the mean" },                                   \
		{ SD_F(0, NULL) },                                                                 \
		{ RSE_F((c) + 5, "SEM%"), .help = "perf kvm stat's +-: relative standard error" }, \
	};                                                                                         \
	static const struct field name##_cum[] = {                                                 \
		{ COUNT_F(0, NULL, 0) },                                                           \
		{ SUM_F },                                                                         \
		{ NS_F("min_ns", min_ns, 0, NULL) },                                               \
		{ NS_F("max_ns", max_ns, 0, NULL) },                                               \
		{ MEAN_F(0, NULL) },                                                               \
		{ SD_F(0, NULL) },                                                                 \
		{ RSE_F(0, NULL) },                                                                \
	};                                                                                         \
	static const struct field name[] = {                                                       \
		{ .key = "samples_pct",                                                            \
		  .type = FT_DOUBLE,                                                               \
		  .off = IT(samples_pct),                                                          \
		  .present = PRESENT(struct kvm_io_time, timed),                                   \
		  .decimals = 3,                                                                   \
		  .col = (c),                                                                      \
		  .header = "SAMPL%",                                                              \
		  .width = 6,                                                                      \
		  .fmt = FMT_FIXED,                                                                \
		  .prec = 2,                                                                       \
		  .help = "its share of the VM's timed accesses in this view" },                   \
		{ .key = "time_pct",                                                               \
		  .type = FT_DOUBLE,                                                               \
		  .off = IT(time_pct),                                                             \
		  .present = PRESENT(struct kvm_io_time, timed),                                   \
		  .decimals = 3,                                                                   \
		  .col = (c) + 1,                                                                  \
		  .header = "TIME%",                                                               \
		  .width = 6,                                                                      \
		  .fmt = FMT_FIXED,                                                                \
		  .prec = 2,                                                                       \
		  .help = "its share of their time" },                                             \
		{ .key = "interval",                                                               \
		  .type = FT_OBJECT,                                                               \
		  .off = IT(iv),                                                                   \
		  .sub = name##_iv,                                                                \
		  .nr_sub = NR_FIELDS(name##_iv) },                                                \
		{ .key = "total",                                                                  \
		  .type = FT_OBJECT,                                                               \
		  .off = IT(cum),                                                                  \
		  .sub = name##_cum,                                                               \
		  .nr_sub = NR_FIELDS(name##_cum) },                                               \
	}

#define TIME_FIELD(T, name)                                                                    \
	{                                                                                      \
		.key = "time", .type = FT_OBJECT, .off = offsetof(T, time), .sub = name,       \
		.nr_sub = NR_FIELDS(name), .present = PRESENT(T, time.timed), .flags = FF_OMIT \
	}

IO_TIME_FIELDS(pio_time, 5, "kvm_pio");
IO_TIME_FIELDS(mmio_time, 4, "kvm_mmio");
IO_TIME_FIELDS(msr_time, 4, "kvm_msr");

#define PIO(r) ((const struct kvm_pio_row *)(r))
#define MMIO(r) ((const struct kvm_mmio_row *)(r))
#define MSR(r) ((const struct kvm_msr_row *)(r))

static const char *const dir_names[] = { "in", "out" };
static const char *const mmio_names[] = { "unsatisfied_read", "read", "write" };
static const char *const msr_names[] = { "rdmsr", "wrmsr" };

static void f_port(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "0x%x:%s/%u", PIO(r)->port, dir_names[PIO(r)->write], PIO(r)->size);
}

static void f_mmio(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	uint32_t t = MMIO(r)->type;

	snprintf(buf, len, "0x%llx:%s/%u", (unsigned long long)MMIO(r)->gpa,
		 mmio_names[t < NR_FIELDS(mmio_names) ? t : 0], MMIO(r)->len);
}

static void f_msr(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "0x%x:%s%s", MSR(r)->msr, msr_names[MSR(r)->write],
		 MSR(r)->exception ? "!GP" : "");
}

#define P(m) offsetof(struct kvm_pio_row, m)

static const struct field pio_fields[] = {
	VM_FIELDS(struct kvm_pio_row, 11),
	{ .key = "port",
	  .type = FT_U32,
	  .off = P(port),
	  .col = 1,
	  .header = "PORT:DIR/SIZE",
	  .width = 14,
	  .flags = FF_LEFT,
	  .format = f_port,
	  .help = "the I/O port, in or out, and the size of one access",
	  .label = "port" },
	{ .key = "dir",
	  .type = FT_BOOL,
	  .off = P(write),
	  .names = dir_names,
	  .nr = NR_FIELDS(dir_names),
	  .label = "dir" },
	{ .key = "size", .type = FT_U32, .off = P(size), .label = "size" },
	{ .key = "exits",
	  .type = FT_U64,
	  .off = P(exits),
	  .col = 2,
	  .header = "EXITS",
	  .width = 9,
	  .help = "port I/O exits this interval",
	  .metric = METRIC_COUNTER,
	  .metric_name = "kvm_pio_exits" },
	{ .key = "exits_total",
	  .type = FT_U64,
	  .off = P(exits_total),
	  .col = 4,
	  .header = "TOTAL",
	  .width = 10,
	  .help = "port I/O exits since cvtop started" },
	{ .key = "items",
	  .type = FT_U64,
	  .off = P(items),
	  .col = 3,
	  .header = "ITEMS",
	  .width = 9,
	  .flags = FF_NO_SORT,
	  .help = "what they moved: rep ins and outs move several per exit",
	  .metric = METRIC_COUNTER,
	  .metric_name = "kvm_pio_items" },
	{ .key = "items_total", .type = FT_U64, .off = P(items_total) },
	TIME_FIELD(struct kvm_pio_row, pio_time),
};

#define UX(m) offsetof(struct kvm_uexit_row, m)

static const struct field uexit_fields[] = {
	VM_FIELDS(struct kvm_uexit_row, 4),
	{ .key = "reason", .type = FT_U32, .off = UX(reason) },
	{ .key = "name",
	  .type = FT_CHARS,
	  .off = UX(name),
	  .nr = sizeof(((struct kvm_uexit_row *)0)->name),
	  .col = 1,
	  .header = "EXIT TO VMM",
	  .width = 16,
	  .flags = FF_LEFT | FF_NO_SORT,
	  .help = "why KVM returned to the VMM (KVM_EXIT_*)",
	  .label = "reason" },
	COUNT_FIELDS(struct kvm_uexit_row, count, total, 0, "kvm_userspace_exits"),
};

#define MM(m) offsetof(struct kvm_mmio_row, m)

static const struct field mmio_fields[] = {
	VM_FIELDS(struct kvm_mmio_row, 10),
	{ .key = "gpa",
	  .type = FT_U64,
	  .off = MM(gpa),
	  .col = 1,
	  .header = "GPA:TYPE/LEN",
	  .width = 24,
	  .flags = FF_LEFT | FF_NO_SORT,
	  .format = f_mmio,
	  .help = "the guest physical address, the access, its length",
	  .label = "gpa" },
	{ .key = "type",
	  .type = FT_U32,
	  .off = MM(type),
	  .names = mmio_names,
	  .nr = NR_FIELDS(mmio_names),
	  .label = "type" },
	{ .key = "len", .type = FT_U32, .off = MM(len) },
	COUNT_FIELDS(struct kvm_mmio_row, count, total, FF_NO_SORT, "kvm_mmio_exits"),
	TIME_FIELD(struct kvm_mmio_row, mmio_time),
};

#define MS(m) offsetof(struct kvm_msr_row, m)

static const struct field msr_fields[] = {
	VM_FIELDS(struct kvm_msr_row, 10),
	{ .key = "msr",
	  .type = FT_U32,
	  .off = MS(msr),
	  .col = 1,
	  .header = "MSR:ACCESS",
	  .width = 18,
	  .flags = FF_LEFT | FF_NO_SORT,
	  .format = f_msr,
	  .help = "the MSR, read or written, !GP when it faulted",
	  .label = "msr" },
	{ .key = "dir",
	  .type = FT_BOOL,
	  .off = MS(write),
	  .names = msr_names,
	  .nr = NR_FIELDS(msr_names),
	  .label = "dir" },
	{ .key = "exception", .type = FT_BOOL, .off = MS(exception) },
	COUNT_FIELDS(struct kvm_msr_row, count, total, FF_NO_SORT, "kvm_msr_exits"),
	TIME_FIELD(struct kvm_msr_row, msr_time),
};

static const char *pio_vm(const void *r)
{
	return PIO(r)->vm;
}

static const char *uexit_vm(const void *r)
{
	return ((const struct kvm_uexit_row *)r)->vm;
}

static const char *mmio_vm(const void *r)
{
	return MMIO(r)->vm;
}

static const char *msr_vm(const void *r)
{
	return MSR(r)->vm;
}

#define SIDE_TABLE(n, t, what, F, vm)                                               \
	{                                                                           \
		.name = n, .title = t, .row_size = sizeof(what), .fields = F,       \
		.nr_fields = NR_FIELDS(F), .default_sort = 2, .default_desc = true, \
		.row_name = vm, .text_width = KVM_TEXT_WIDTH                        \
	}

static const struct table_def pio_rows =
	SIDE_TABLE("kvm.ioport", "port I/O (kvm_pio):", struct kvm_pio_row, pio_fields, pio_vm);
static const struct table_def uexit_rows = SIDE_TABLE(
	"kvm.userspace_exits", "exits to the VMM (kvm_userspace_exit):", struct kvm_uexit_row,
	uexit_fields, uexit_vm);
static const struct table_def mmio_rows =
	SIDE_TABLE("kvm.mmio", "MMIO (kvm_mmio):", struct kvm_mmio_row, mmio_fields, mmio_vm);
static const struct table_def msr_rows =
	SIDE_TABLE("kvm.msr", "MSR accesses (kvm_msr):", struct kvm_msr_row, msr_fields, msr_vm);

static void exits_text(FILE *f, const struct field *fd, const void *snap, const struct pane *p)
{
	const struct kvm_snapshot *s = snap;
	char reason[2048];

	if (s->exits_ok) {
		fprintf(f, "VM exits by reason (%s); SEM%% is perf's \"+-\":\n", s->exits_method);
		return;
	}
	esc_cstr(s->exits_reason, reason, sizeof(reason));
	fprintf(f, "VM exits by reason: unavailable: %s\n", reason);
}

#define EXITS_OK PRESENT(struct kvm_snapshot, exits_ok)

/* the exit table: unavailable without hardware virtualization */
const struct field kvm_exits_fields[NR_KVM_EXITS_FIELDS] = {
	{ .type = FT_STATUS,
	  .off = SNAP(exits_reason),
	  .nr = sizeof(((struct kvm_snapshot *)0)->exits_reason),
	  .present = EXITS_OK,
	  .text = exits_text },
	{ .key = "method",
	  .type = FT_CHARS,
	  .off = SNAP(exits_method),
	  .nr = sizeof(((struct kvm_snapshot *)0)->exits_method),
	  .present = EXITS_OK },
	{ .key = "rows",
	  .type = FT_TABLE,
	  .off = SNAP(exits),
	  .count = SNAP(nr_exits),
	  .present = EXITS_OK,
	  .table = &kvm_exit_rows },
};

#define SIDE(k, rows, nr, def)                                                                  \
	{                                                                                       \
		.key = k, .type = FT_TABLE, .off = SNAP(rows), .count = SNAP(nr), .table = &def \
	}

const struct field kvm_fields[NR_KVM_FIELDS] = {
	[KVM_FIELD_EXITS] = { .key = "exits",
			      .type = FT_OBJECT,
			      .sub = kvm_exits_fields,
			      .nr_sub = NR_KVM_EXITS_FIELDS },
	[KVM_FIELD_IOPORT] = SIDE("ioport", pio, nr_pio, pio_rows),
	[KVM_FIELD_UEXIT] = SIDE("userspace_exits", uexit, nr_uexit, uexit_rows),
	[KVM_FIELD_MMIO] = SIDE("mmio", mmio, nr_mmio, mmio_rows),
	[KVM_FIELD_MSR] = SIDE("msr", msr, nr_msr, msr_rows),
};

static void side_table(const struct pane *p, int i, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	schema_field_table(&kvm_fields[i], s, s ? s->interval_s : 0, t);
}

void kvm_exit_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	schema_field_table(&kvm_exits_fields[KVM_EXITS_ROWS], s, s ? s->interval_s : 0, t);
}

void kvm_pio_table(const struct pane *p, struct table_src *t)
{
	side_table(p, KVM_FIELD_IOPORT, t);
}

void kvm_uexit_table(const struct pane *p, struct table_src *t)
{
	side_table(p, KVM_FIELD_UEXIT, t);
}

void kvm_mmio_table(const struct pane *p, struct table_src *t)
{
	side_table(p, KVM_FIELD_MMIO, t);
}

void kvm_msr_table(const struct pane *p, struct table_src *t)
{
	side_table(p, KVM_FIELD_MSR, t);
}

/* The table the UI navigates: exits where they can be seen, else port I/O. */
void kvm_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	if (s && s->exits_ok)
		kvm_exit_table(p, t);
	else
		kvm_pio_table(p, t);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 5's exit table, user-space half: per-CPU values laid out as the
 * kvm_exits map hands them over (what bpf/kvm_exits.bpf.c writes, modelled by
 * put() below) turned into rows. The kernel half cannot fire on the
 * development VM; the kernel-matrix check runs it in a nested guest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "exit_table.h"
#include "exit_reasons.h"

#define NR_CPUS 2

/* what on_entry() in bpf/kvm_exits.bpf.c does with one duration */
static void put(struct kvm_exit_val *v, uint64_t epoch, uint64_t d)
{
	kvm_epoch_add(&v->slot[epoch & 1], epoch, d, hist_slot(d, KVM_HIST_SLOTS));
}

struct fake_entry {
	struct kvm_exit_key key;
	struct kvm_exit_val cpu[NR_CPUS];
};

static struct fake_entry fake[4] = {
	{ .key = { 100, 101, KVM_ISA_VMX, 12 } }, /* HLT */
	{ .key = { 100, 102, KVM_ISA_VMX, 0x80000000 | 33 } }, /* INVALID_STATE, failed entry */
	{ .key = { 100, 102, KVM_ISA_VMX, 12 } },
	{ .key = { 200, 201, KVM_ISA_SVM, 0x78 } }, /* hlt */
};

static size_t nr_fake = 4;

static const char *name_of(uint32_t tgid, void *ctx)
{
	return tgid == 100 ? "vm-a" : "vm-b";
}

/* what cvtop does each refresh: bump the epoch, read every entry, build */
static void refresh(struct exit_gen *g, struct kvm_snapshot *s)
{
	struct map_reader r = { .nr_values = NR_CPUS, .stride = sizeof(struct kvm_exit_val) };
	size_t i;

	g->epoch++;
	exit_gen_begin(g);
	for (i = 0; i < nr_fake; i++)
		assert_int_equal(exit_gen_collect(&fake[i].key, fake[i].cpu, &r, g), 0);
	assert_int_equal(exit_gen_build(g, s, name_of, NULL), 0);
}

static const struct kvm_exit_row *row(const struct kvm_snapshot *s, enum kvm_exit_scope sc,
				      pid_t pid, pid_t tid, uint32_t isa, uint32_t reason)
{
	size_t i;

	for (i = 0; i < s->nr_exits; i++) {
		const struct kvm_exit_row *r = &s->exits[i];

		if (r->scope == sc && r->pid == pid && r->tid == tid && r->isa == isa &&
		    r->reason == reason)
			return r;
	}
	print_error("no row %d %d %d %u %u\n", sc, pid, tid, isa, reason);
	fail();
	return NULL;
}

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-6) {
		print_error("%.9f != %.9f\n", got, want);
		fail();
	}
}

static void test_two_refreshes(void **state)
{
	struct exit_gen g = { .epoch = 1 };
	struct kvm_snapshot s = { 0 };
	const struct kvm_exit_row *r;
	double sd;

	/* epoch 1: the kernel writes, then cvtop reads with epoch 2 */
	put(&fake[0].cpu[0], 1, 1000);
	put(&fake[0].cpu[0], 1, 3000);
	put(&fake[0].cpu[1], 1, 2000);
	put(&fake[1].cpu[1], 1, 500);
	put(&fake[2].cpu[0], 1, 4000);
	put(&fake[3].cpu[0], 1, 10000);
	put(&fake[3].cpu[0], 1, 30000);
	refresh(&g, &s);
	/* 4 vCPU rows, 3 VM rows, 3 all-VM rows */
	assert_int_equal(s.nr_exits, 10);

	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_VMX, 12);
	assert_string_equal(r->name, "HLT");
	assert_string_equal(r->vm, "vm-a");
	assert_string_equal(r->key, "vm-a/100/101/1/12");
	assert_int_equal(r->iv.count, 3);
	assert_int_equal(r->iv.sum_ns, 6000);
	assert_int_equal(r->iv.min_ns, 1000); /* over both CPUs */
	assert_int_equal(r->iv.max_ns, 3000);
	assert_true(exit_stats_stddev(&r->iv, &sd));
	assert_near(sd, 1000);
	assert_int_equal(r->hist[hist_slot(1000, KVM_HIST_SLOTS)], 1);
	assert_int_equal(r->hist[10], 1); /* 2000 in [1024, 2048) */
	assert_int_equal(r->hist[11], 1); /* 3000 in [2048, 4096) */
	assert_int_equal(hist_total(r->hist, KVM_HIST_SLOTS), 3);

	/* the VMX flag bits are masked off the reason and kept apart */
	r = row(&s, KVM_SCOPE_VCPU, 100, 102, KVM_ISA_VMX, 33);
	assert_string_equal(r->name, "INVALID_STATE");
	assert_int_equal(r->flags, 0x80000000);
	assert_int_equal(r->flagged, 1);

	r = row(&s, KVM_SCOPE_VM, 100, 0, KVM_ISA_VMX, 12);
	assert_int_equal(r->iv.count, 4);
	assert_int_equal(r->iv.sum_ns, 10000);
	assert_int_equal(r->iv.min_ns, 1000);
	assert_int_equal(r->iv.max_ns, 4000);
	assert_int_equal(r->flags, 0);
	assert_near(r->samples_pct, 80); /* 4 of the VM's 5 */
	assert_near(r->time_pct, 100.0 * 10000 / 10500);
	r = row(&s, KVM_SCOPE_VM, 100, 0, KVM_ISA_VMX, 33);
	assert_near(r->samples_pct, 20);

	r = row(&s, KVM_SCOPE_VM, 200, 0, KVM_ISA_SVM, 0x78);
	assert_string_equal(r->name, "hlt");
	assert_near(r->samples_pct, 100);
	assert_int_equal(r->iv.min_ns, 10000);
	assert_int_equal(r->iv.max_ns, 30000);

	r = row(&s, KVM_SCOPE_ALL, 0, 0, KVM_ISA_VMX, 12);
	assert_string_equal(r->vm, "all VMs");
	assert_int_equal(r->iv.count, 4);
	assert_near(r->samples_pct, 100.0 * 4 / 7);

	/* epoch 2: one more HLT on thread 101; the rest stays */
	put(&fake[0].cpu[0], 2, 5000);
	refresh(&g, &s);
	assert_int_equal(s.nr_exits, 10);
	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_VMX, 12);
	assert_int_equal(r->iv.count, 1);
	assert_int_equal(r->iv.sum_ns, 5000);
	assert_int_equal(r->iv.min_ns, 5000); /* this interval's, not the first's */
	assert_int_equal(r->iv.max_ns, 5000);
	assert_false(exit_stats_stddev(&r->iv, &sd)); /* n = 1 */
	assert_int_equal(r->hist[hist_slot(5000, KVM_HIST_SLOTS)], 1);
	assert_int_equal(r->hist[hist_slot(1000, KVM_HIST_SLOTS)], 0);
	assert_int_equal(r->cum.count, 4);
	assert_int_equal(r->cum.sum_ns, 11000);
	assert_int_equal(r->cum.min_ns, 1000);
	assert_int_equal(r->cum.max_ns, 5000);
	assert_near(r->samples_pct, 100);

	r = row(&s, KVM_SCOPE_VCPU, 100, 102, KVM_ISA_VMX, 33);
	assert_int_equal(r->iv.count, 0);
	assert_int_equal(r->flagged, 0);
	assert_int_equal(r->cum.count, 1);
	assert_int_equal(r->cum.min_ns, 500);
	assert_near(r->samples_pct, 0);

	/*
	 * epoch 3, and an exit handled after cvtop bumped the epoch but before
	 * it read the map (epoch 4's slot): not in this interval, no figure of it
	 */
	put(&fake[0].cpu[1], 3, 7000);
	put(&fake[0].cpu[0], 4, 100);
	put(&fake[0].cpu[0], 4, 90000);
	refresh(&g, &s);
	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_VMX, 12);
	assert_int_equal(r->iv.count, 1);
	assert_int_equal(r->iv.sum_ns, 7000);
	assert_int_equal(r->iv.min_ns, 7000);
	assert_int_equal(r->iv.max_ns, 7000);
	assert_int_equal(hist_total(r->hist, KVM_HIST_SLOTS), 1);
	assert_int_equal(r->cum.count, 5);
	assert_int_equal(r->cum.min_ns, 1000);
	assert_int_equal(r->cum.max_ns, 7000);
	/* the next interval has them, with their own min and max */
	refresh(&g, &s);
	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_VMX, 12);
	assert_int_equal(r->iv.count, 2);
	assert_int_equal(r->iv.min_ns, 100);
	assert_int_equal(r->iv.max_ns, 90000);
	assert_int_equal(r->cum.count, 7);
	assert_int_equal(r->cum.min_ns, 100);
	/* an idle interval: no figure, and the totals stay */
	refresh(&g, &s);
	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_VMX, 12);
	assert_int_equal(r->iv.count, 0);
	assert_int_equal(r->cum.count, 7);
	assert_int_equal(r->cum.min_ns, 100);
	assert_int_equal(r->cum.max_ns, 90000);

	exit_gen_free(&g);
	free(s.exits);
}

/* A slot left from two epochs ago is stale: never read as this epoch's. */
static void test_stale_slot(void **state)
{
	struct exit_gen g = { .epoch = 1 };
	struct kvm_snapshot s = { 0 };
	const struct kvm_exit_row *r;
	size_t i;

	memset(fake, 0, sizeof(fake));
	fake[0].key = (struct kvm_exit_key){ 100, 101, KVM_ISA_SVM, 0x7b };
	nr_fake = 1;
	put(&fake[0].cpu[0], 1, 500);
	refresh(&g, &s); /* reads epoch 1 */
	refresh(&g, &s); /* epoch 2: nothing */
	refresh(&g, &s); /* epoch 3: slot 1 still holds epoch 1 */
	r = row(&s, KVM_SCOPE_VCPU, 100, 101, KVM_ISA_SVM, 0x7b);
	assert_int_equal(r->iv.count, 0);
	assert_int_equal(r->cum.count, 1);
	/* no row anywhere with a count and min = max = 0 */
	for (i = 0; i < s.nr_exits; i++)
		assert_false(s.exits[i].iv.count && !s.exits[i].iv.max_ns);
	nr_fake = 4;
	exit_gen_free(&g);
	free(s.exits);
}

/* A VM that exits: its keys leave the map, its totals stay in the all-VMs rows. */
static void test_retired(void **state)
{
	struct exit_gen g = { .epoch = 1 };
	struct kvm_snapshot s = { 0 };
	const struct kvm_exit_row *r;
	size_t i;

	memset(fake, 0, sizeof(fake));
	fake[0].key = (struct kvm_exit_key){ 200, 201, KVM_ISA_SVM, 0x7b }; /* io */
	fake[1].key = (struct kvm_exit_key){ 100, 101, KVM_ISA_SVM, 0x7b };
	nr_fake = 2;
	put(&fake[0].cpu[0], 1, 2000);
	put(&fake[1].cpu[1], 1, 1000);
	put(&fake[1].cpu[1], 1, 3000);
	refresh(&g, &s);
	put(&fake[0].cpu[0], 2, 4000);
	refresh(&g, &s);
	r = row(&s, KVM_SCOPE_ALL, 0, 0, KVM_ISA_SVM, 0x7b);
	assert_int_equal(r->iv.count, 1);
	assert_int_equal(r->cum.count, 4);

	/* VM 100 exited: what kvm_delete_dead_keys() does, then its key is gone */
	for (i = 0; i < g.gen.nr_prev; i++) {
		struct exit_entry *e = gen_prev_at(&g.gen, i);

		if (e->key.tgid == 100)
			assert_int_equal(exit_gen_retire(&g, e), 0);
	}
	nr_fake = 1;
	put(&fake[0].cpu[1], 3, 500);
	refresh(&g, &s);
	assert_int_equal(s.nr_exits, 3); /* VM 200's vcpu, vm and the all-VMs row */
	r = row(&s, KVM_SCOPE_ALL, 0, 0, KVM_ISA_SVM, 0x7b);
	assert_int_equal(r->iv.count, 1);
	assert_int_equal(r->cum.count, 5);
	assert_int_equal(r->cum.sum_ns, 10500);
	assert_int_equal(r->cum.min_ns, 500);
	assert_int_equal(r->cum.max_ns, 4000);
	r = row(&s, KVM_SCOPE_VM, 200, 0, KVM_ISA_SVM, 0x7b);
	assert_int_equal(r->cum.count, 3);

	/* the cumulative view: the all-VMs row since start, VM 100 included */
	g.cumulative = true;
	refresh(&g, &s);
	r = row(&s, KVM_SCOPE_ALL, 0, 0, KVM_ISA_SVM, 0x7b);
	assert_int_equal(r->iv.count, 5);
	assert_int_equal(hist_total(r->hist, KVM_HIST_SLOTS), 5);
	nr_fake = 4;
	exit_gen_free(&g);
	free(s.exits);
}

/* The batch writers of its fields over such a snapshot: the columns and fields perf has, labelled.
 */
static void test_writers(void **state)
{
	static const struct pane_def def = {
		.key = "kvm",
		.title = "KVM exits",
		.fields = kvm_fields,
		.nr_fields = NR_KVM_FIELDS,
		.snap_interval = offsetof(struct kvm_snapshot, interval_s),
	};
	struct exit_gen g = { .epoch = 1 };
	struct kvm_snapshot s = { .exits_ok = true, .interval_s = 1 };
	struct pane p = { .def = &def, .status = PANE_OK, .snap = &s };
	struct json_writer *jw;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(fake, 0, sizeof(fake));
	fake[0].key = (struct kvm_exit_key){ 100, 101, KVM_ISA_VMX, 12 };
	fake[1].key = (struct kvm_exit_key){ 100, 102, KVM_ISA_VMX, 0x80000000 | 33 };
	fake[2].key = (struct kvm_exit_key){ 100, 102, KVM_ISA_VMX, 30 };
	fake[3].key = (struct kvm_exit_key){ 200, 201, KVM_ISA_SVM, 0x400 };
	put(&fake[0].cpu[0], 1, 1000);
	put(&fake[0].cpu[1], 1, 3000);
	put(&fake[1].cpu[0], 1, 700);
	put(&fake[2].cpu[0], 1, 2500);
	put(&fake[3].cpu[1], 1, 9000);
	snprintf(s.exits_method, sizeof(s.exits_method), "tracepoint: test");
	refresh(&g, &s);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	pane_schema_write_text(f, &p);
	fclose(f);
	assert_non_null(strstr(buf, "SEM% is perf's \"+-\""));
	assert_non_null(strstr(
		buf,
		"REASON                        SAMPLES SAMPL%  TIME%     MIN     MAX    MEAN"));
	assert_non_null(strstr(buf, "INVALID_STATE+FAILED_VMENTRY"));
	assert_non_null(strstr(buf, "IO_INSTRUCTION"));
	assert_non_null(strstr(buf, "npf"));
	assert_non_null(strstr(buf, "vm-a tid 101"));
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	jw = jw_new(f);
	pane_schema_write_json(jw, &p);
	assert_true(jw_balanced(jw));
	jw_free(jw);
	fclose(f);
	/* the VM's HLT row: 2 samples, sd of 1000 and 3000 = 1414.2 */
	assert_non_null(strstr(
		buf, "{\"scope\":\"vm\",\"pid\":100,\"tid\":0,\"vm\":\"vm-a\","
		     "\"isa\":\"VMX\",\"reason\":12,\"name\":\"HLT\",\"flags\":\"\","
		     "\"flag_bits\":0,\"flagged\":0,\"interval\":{\"count\":2,\"sum_ns\":4000,"
		     "\"min_ns\":1000,\"max_ns\":3000,\"mean_ns\":2000.0,"
		     "\"stddev_ns\":1414.2,\"rel_stderr_pct\":50.000,"));
	/* one sample: no spread, said with null */
	assert_non_null(strstr(buf, "\"name\":\"npf\",\"flags\":\"\",\"flag_bits\":0,\"flagged\":0,"
				    "\"interval\":{\"count\":1,\"sum_ns\":9000,\"min_ns\":9000,"
				    "\"max_ns\":9000,\"mean_ns\":9000.0,\"stddev_ns\":null,"
				    "\"rel_stderr_pct\":null,"));
	assert_non_null(
		strstr(buf, "\"flags\":\"FAILED_VMENTRY\",\"flag_bits\":2147483648,\"flagged\":1"));
	free(buf);
	exit_gen_free(&g);
	free(s.exits);
}

/* The timed port I/O view: perf kvm stat --event=ioport's figures, and none
 * (no "time" key, dashes) where nothing was timed. */
static void test_io_times(void **state)
{
	static const struct pane_def def = {
		.key = "kvm",
		.title = "KVM exits",
		.fields = kvm_fields,
		.nr_fields = NR_KVM_FIELDS,
		.snap_interval = offsetof(struct kvm_snapshot, interval_s),
	};
	struct kvm_pio_row pio[2] = {
		{ .pid = 7, .vm = "vm-a", .port = 0x3f8, .write = true, .size = 1, .exits = 2 },
		{ .pid = 7, .vm = "vm-a", .port = 0x61, .size = 1, .exits = 1 },
	};
	struct kvm_snapshot s = { .interval_s = 1, .pio = pio, .nr_pio = 2 };
	struct pane p = { .def = &def, .status = PANE_OK, .snap = &s };
	struct json_writer *jw;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	pio[0].time.timed = pio[1].time.timed = true;
	exit_stats_add(&pio[0].time.iv, 1000);
	exit_stats_add(&pio[0].time.iv, 3000);
	pio[0].time.cum = pio[0].time.iv;
	pio[0].time.samples_pct = 100;
	pio[0].time.time_pct = 100;
	f = open_memstream(&buf, &len);
	jw = jw_new(f);
	pane_schema_write_json(jw, &p);
	jw_free(jw);
	fclose(f);
	assert_non_null(strstr(buf,
			       "\"items_total\":0,\"time\":{\"samples_pct\":100.000,"
			       "\"time_pct\":100.000,\"interval\":{\"count\":2,\"sum_ns\":4000,"
			       "\"min_ns\":1000,\"max_ns\":3000,\"mean_ns\":2000.0,"
			       "\"stddev_ns\":1414.2,\"rel_stderr_pct\":50.000},"));
	/* the in from 0x61, not timed this interval */
	assert_non_null(strstr(buf, "\"interval\":{\"count\":0,\"sum_ns\":0,\"min_ns\":null,"));
	free(buf);

	pio[1].time.timed = false;
	buf = NULL;
	f = open_memstream(&buf, &len);
	pane_schema_write_text(f, &p);
	fclose(f);
	assert_non_null(strstr(buf,
			       "PORT:DIR/SIZE      EXITS     ITEMS      TOTAL SAMPL%  TIME%     "
			       "MIN     MAX    MEAN   SEM% VM"));
	assert_non_null(strstr(buf, "100.00 100.00"));
	assert_non_null(strstr(buf, "0x61:in/1              1         0          0      -      -"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	jw = jw_new(f);
	pane_schema_write_json(jw, &p);
	jw_free(jw);
	fclose(f);
	assert_non_null(strstr(buf, "\"port\":97,\"dir\":\"in\",\"size\":1,\"exits\":1,"
				    "\"exits_total\":0,\"items\":0,\"items_total\":0}"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_refreshes), cmocka_unit_test(test_stale_slot),
		cmocka_unit_test(test_retired),	      cmocka_unit_test(test_writers),
		cmocka_unit_test(test_io_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

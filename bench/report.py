# SPDX-License-Identifier: GPL-2.0
"""Per-program deltas from two `bpftool prog show -j` snapshots, and
BENCHMARKS.md from the results of bench/run.sh."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time


def progdelta(tool, ids_file, a_file, b_file):
    ids = {int(x) for x in open(ids_file).read().split()}
    a = {p["id"]: p for p in json.load(open(a_file))}
    b = {p["id"]: p for p in json.load(open(b_file))}
    for pid in sorted(ids):
        if pid not in b:
            continue
        pa = a.get(pid, {})
        pb = b[pid]
        runs = pb.get("run_cnt", 0) - pa.get("run_cnt", 0)
        ns = pb.get("run_time_ns", 0) - pa.get("run_time_ns", 0)
        name = pb.get("name", "?")
        print(f"{tool}\t{name}\t{pb.get('type', '?')}\t{runs}\t{ns}")


def rows(path):
    if not os.path.exists(path):
        return []
    return [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]


def per_run(runs, ns):
    return ns / runs if runs else None


def fmt(x, nd=0):
    return "-" if x is None else f"{x:.{nd}f}"


def cost(progs, tool, names):
    v = [per_run(int(r[3]), int(r[4])) for r in progs if r[0] == tool and r[1] in names]
    return [x for x in v if x is not None]


def rate_value(text):
    """(throughput, higher is better) from a storm's rate text, or None"""
    if not text:
        return None
    if text.startswith("IOPS="):
        v = text[5:]
        return float(v[:-1]) * 1000 if v.endswith("k") else float(v)
    if text.startswith("kvm runs="):
        return float(text[9:])
    if text.endswith("nanosecs per context switch"):
        ns = float(text.split()[0])
        return 1e9 / ns if ns else None
    return None


def storm_drops(alone, snaps):
    out = {}
    for t, a in alone.items():
        w = snaps.get(t, ["", ""])
        w = w[1] if len(w) > 1 else ""
        va, vw = rate_value(a), rate_value(w)
        out[t] = (a or "-", w or "-", (vw / va - 1) * 100 if va and vw else None)
    return out


def targets(p, res, progs, storm, med, snap, frame, attached, tmux, own, drops):
    split = []
    p("## Targets (issue 16) against this run\n")
    p("| target | measured | met |")
    p("|---|---|---|")

    def row(what, val, ok):
        p(f"| {what} | {val} | {'yes' if ok else '**no**'} |")

    # cvtop's programs on sched_switch: those that ran once per switch of table 1
    mine = [r for r in progs if r[0] == "cvtop"]
    sw = [(r[1], per_run(int(r[3]), int(r[4]))) for r in mine if "switch" in r[1] and int(r[3])]
    if sw:
        total = sum(v for _, v in sw)
        row("all of cvtop's work on sched_switch ≤ 150 ns/run",
            f"{total:.0f} ns: " + " + ".join(f"{n} {v:.0f}" for n, v in sw), total <= 150)
    fh = med.get("floor-hooks", (None,))[0]
    none = med.get("none", (None,))[0]
    if fh and none:
        fs = (fh / none - 1) * 100
        split.append(f"- The same hooks as cvtop's hot paths with empty programs (`floor-hooks`) slow the "
                     f"pipe benchmark by {fs:+.1f} %: what the attachment alone costs on this VM.")
    if "cvtop" in med and none:
        s = (med["cvtop"][0] / none - 1) * 100
        fs = (fh / none - 1) * 100 if fh else None
        rq = (med["libbpf-runqlat"][0] / none - 1) * 100 if med.get("libbpf-runqlat", (None,))[0] else None
        ok = fs is not None and s <= fs + 3 and (rq is None or s <= rq / 2)
        row("pipe slowdown ≤ floor-hooks + 3 points, and ≤ half of libbpf-tools runqlat's",
            f"{s:+.1f} % (floor-hooks {fmt(fs, 1)} %, runqlat {fmt(rq, 1)} %)", ok)
        switches = sum(int(r[3]) for r in mine if r[1] in ("cpu_switch_cast", "cpu_switch_btf")) or max(
            (int(r[3]) for r in mine if "switch" in r[1]), default=0)
        total = sum(int(r[4]) for r in mine)
        ovl = sum(int(r[4]) for r in mine if r[1].startswith("ovl_"))
        if switches and total:
            split.append(f"- In the pipe benchmark of table 1, cvtop's programs cost {total / switches:.0f} ns per "
                         f"context switch all together, {ovl / total * 100:.0f} % of it in the overlay pane's "
                         "syscall programs.")
    ovl_progs = [r[1] for r in mine if r[1].startswith("ovl_") and int(r[3])]
    row("overlay syscall hooks attached only while there is something to watch",
        "ran in table 1 (no overlay mount of the bench's own then): " + (", ".join(ovl_progs) or "none")
        + "; under the storms of section 4, with the bench's overlay mounted, they run", not ovl_progs)
    if own:
        for n, limit in (("1000", 0.5), ("5000", 2.0)):
            for r in own:
                if r[0] == n:
                    pct = int(r[1]) / int(r[2]) / int(r[3]) * 100
                    row(f"CPU ≤ {limit} % of one core at 1 Hz, {n} cgroups, every pane", f"{pct:.2f} %",
                        pct <= limit)
        pts = [(int(n), int(ns) / int(secs) / 1e6) for n, ns, per_s, secs, *_ in own]
        if len(pts) > 1 and pts[-1][0] > pts[0][0]:
            slope = (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0]) * 1000
            split.append(f"- cvtop's CPU time per 1 Hz refresh grows by about {slope:.1f} µs per cgroup "
                         f"({pts[0][1]:.1f} ms per refresh with {pts[0][0]} cgroups, {pts[-1][1]:.1f} ms with "
                         f"{pts[-1][0]}).")
    own_storm = {"ovl": ("fio-overlay", 200), "kvm": ("kvm", 150)}
    for prefix, (st, limit) in own_storm.items():
        vals = [(r[1], per_run(int(r[3]), int(r[4]))) for r in storm
                if r[0] == st and r[1].startswith(prefix) and int(r[3])]
        what = ("overlay programs ≤ 200 ns/run under fio on overlay" if prefix == "ovl"
                else "every KVM program ≤ 150 ns/run under the kvm storm")
        if vals:
            row(what, ", ".join(f"{n} {v:.0f}" for n, v in vals), all(v <= limit for _, v in vals))
        else:
            row(what, f"not measured: no run of these programs in the {st} storm (no /dev/kvm?)"
                if prefix == "kvm" else "not measured", False)
    if snap:
        m = statistics.median(snap)
        row("first batch snapshot ≤ 250 ms", f"{m:.0f} ms (median of {len(snap)}; 100 ms of it the interval)",
            m <= 250)
    if own:
        # the start's peak: with the fewest cgroups, before rows add their own
        least = min((r for r in own if len(r) > 6), key=lambda r: int(r[0]), default=None)
        most = max(own, key=lambda r: int(r[0]))
        hwm = int((least or most)[4]) / 1024
        rss = f"; {int(least[6]) / 1024:.1f} MB once running" if least else ""
        big = (f"; {int(most[4]) / 1024:.1f} MB with {int(most[0]):,} cgroups (their rows and state)"
               if least and most is not least else "")
        row("peak RSS ≤ 12 MB", f"{hwm:.1f} MB at the start's peak with {(least or most)[0]} cgroups{rss}{big}",
            hwm <= 12)
        big = [r for r in own if r[0] == "10000"]
        skipped = [why for n, why in rows(f"{res}/own-skipped.tsv") if n == "10000"]
        row("scale table with 10,000 cgroups (CPU, RSS, map fill)",
            "in section 3" if big else f"not measurable here: {skipped[0]}" if skipped
            else "not in this run (BENCH_QUICK or BENCH_CG_COUNTS)", bool(big))
    measured = [t for t, (_, _, d) in drops.items() if d is not None]
    row("the storms' own throughput with and without cvtop", (", ".join(
        f"{t} {drops[t][2]:+.1f} %" for t in measured) or "not measured") + " (section 4)", bool(measured))
    p("")
    if split:
        p("### Where the cost goes (from the tables above)\n")
        p("\n".join(split))
        p("")
    p(NOTES)


NOTES = """### What limits the missed targets

- **sched_switch cost.** The CPU pane keeps, on each CPU, entries for the cgroups that CPU meets
  (`cpu_state`, a per-CPU array of 8 ways for each of two epochs, bpf/cpu_switch.bpf.h): a hit does no
  hash lookup. Alternating runs under `perf bench sched pipe` measured 277–318 ns/run before, 192–204
  after; reading the two tasks through `bpf_rdonly_cast()` (kernel 6.2+) since then, 145 in the
  2026-12-03 22:50 run and 103–132 in that session's runs alone (met, within the noise of this VM).
  What is left is reading the two tasks' cgroup ids, pids, pid-namespace levels and the
  run-queue clock: about 20 dependent loads, the incoming task's often cache-cold; an empty program
  on the same hook is the floor row of table 1. The steal pane's own sched_switch program is attached
  only while there are vCPU threads to watch (none in this benchmark).
- **Pipe benchmark.** Two syscalls per context switch: the `floor-hooks` row of table 2 shows what
  attaching empty programs where cvtop attaches costs before any work is done.
- **CPU per cgroup.** The CPU pane reads every cgroup's PSI in one walk of a cgroup iterator
  (`iter/cgroup`, bpf/cgroup_iter.bpf.c) per refresh instead of a `cpu.pressure` read per cgroup
  (for which the kernel folds the per-CPU PSI state and formats text each time). The walk writes its
  records into a mapped array: the kernel hands an iterator's output out 32 KiB per read() and
  cannot resume a cgroup walk across reads, so until this run the read failed past ~680 cgroups and
  the files took over (the 1000 and 5000 rows of the 2026-11-26 run measured the files). What stays
  per cgroup and refresh is the batched map read, the row, and batch mode's JSON row of ~350 bytes
  written to the file (3.5 MB a second at 10,000 cgroups). At 1000 cgroups perf puts a fifth of
  cvtop's time in the walk (the program reads each CPU's PSI state to give totals as of now, the
  price of exact PSI totals; the CPUs' run-queue clocks are now read once per walk), a fifth in
  formatting JSON, a seventh in ext4 writing the file and a tenth in the batched read of the CPU
  pane's hash map (a bucket lock per bucket, whose interrupt toggles are slow in this VM). Until
  this run an idle cgroup's row was checked for removal every 2 refreshes by opening a handle to
  it and reading its path back: with 10,000 mostly idle cgroups that took 60 % of cvtop's CPU; the
  iterator's walk of every cgroup now says which exist. The runs of the cgroups section from
  2026-12-02 to 2026-12-03 gave 0.42–0.72 % at 1000 cgroups, 2.1–2.9 % at 5000 and 9.5–13 % at
  10,000: the VM's other work moves them by more than the targets' margins. Per cgroup the walk
  costs more at 10,000 than at 1000 (its data no longer fits the caches). At 5000 cgroups the
  split is the same: every row is formatted and written each second whether its cgroup did
  anything or not. Keeping the formatted text of unchanged rows was tried (a cache keyed by all
  a row's text is made of): no gain, for the key touches the same memory the writer does, and
  with avg10 decaying for ~10 s after each wake a row is rarely the same twice.
  The files remain the fallback (kernels before 6.1, `--hook cpu.psi=files`).
  On 2026-12-04 (alternated 30 s runs at 5000 cgroups, ms of CPU a second): the CPU pane's slot
  counts per CPU and epoch went to 32 bits (a slot 192 bytes instead of 344, so the refresh reads
  and copies 44 % less of each cgroup's entry): 21.0/21.5/21.7 against 26.9/22.6/24.7; the rows
  are sorted by a radix sort of their keys instead of `qsort()` (callgrind: the sorting's
  instructions 47 M to 19 M over six snapshots). Then the JSON writer: it held nothing and made a
  stdio call per key, string and comma (callgrind: ~290 instructions a key); it now fills a 16 KiB
  buffer of its own, and a table sorted on a numeric column sorts by a key read once per row (a
  radix sort) instead of calling the column's compare ~n log n times: cvtop's instructions after
  the start 515 M to 422 M over six snapshots, and 21.6/23.1/20.2 to 19.1/17.3/17.1 ms of CPU a
  second (alternated runs). The cgroups section run right after gave 2.40 % at 5000 (the
  cgroups' own tasks kept the CPUs 22.9 % busy), one at 03:47 before the JSON changes 2.21 %: a
  single run's figure moves more than the change does; the alternated runs compare. Tried and
  dropped: reading the hash map without
  its bucket locks, by a syscall program that walks it with `bpf_for_each_map_elem()` and sums
  each cgroup's CPUs in the kernel: 22.6/24.8 against 22.4/22.0, for the walk (9.4 % of cvtop's
  samples) and its output's read (2.6 %) cost what the batched read did (12.6 %): the cost is the
  memory each cgroup's entry spans on every CPU, not the locks. A map element iterator
  (`iter/bpf_map_elem`) would do the same walk; this kernel refuses to load one (EPERM before
  verification, as it does fentry).
- **Overlay programs.** `tp_btf/sys_enter`/`sys_exit` run on every syscall of the machine (there is
  no kprobe or fentry on the VFS here, see the machine notes). `sys_exit` returns after a look at
  the syscall number for all but reads and writes; `sys_enter` finds the file with direct loads (the
  fd slot through `bpf_rdonly_cast()`). Until 2026-12-03 both also kept a machine-wide count of
  calls in flight, an atomic add each on a cache line the two fio CPUs took from each other:
  without it `ovl_sys_exit_btf` measured 315–320 ns/run against 423–449 (alternated runs). Since
  then `sys_enter` tells a file that is not an overlay's by its `f_op` alone, once it has learnt the
  overlay's from one of its files: a pipe read under the switch storm 229–246 ns/run against
  279–315. What is left under the fio storm (reads that wait for the disk: the CPUs are half idle,
  and every call comes after a sleep) is cache misses on a chain of dependent loads, task → files →
  fd table → file → inode → superblock: measured by cutting the program short (one 8 s run each),
  the walk to the file alone took 231 ns/run, with the superblock 319, the whole program 387, while
  empty programs on the same hooks under the same storm took 66 and 44. The exit's per-CPU hash update,
  cgroup id and clock are the same misses again.
- **KVM programs.** A key's first event inserts into a per-CPU hash and reads the VMM's command
  line once; with tens of MMIO or MSR events per VM that insert dominated their ns/run (3 µs against
  `kvm_pio_btf`'s 250 in the 2026-11-26 run). Measured in the kernel matrix's nested 6.12 guest
  (fdinfo run_time_ns/run_cnt, TCG, so ×10 slower): `kvm_mmio_btf` 16.5 µs/run over 20 accesses of
  one VM, 2.1 µs over 2000; `kvm_msr_btf` 14.5 → 2.1; `kvm_pio_btf` 9.8 → 1.8: per event the three
  cost the same. Both windows now give each program thousands of events per VM.
- **Start time and RSS.** libbpf 1.1 (Debian 12) parses the kernel BTF for every object it loads:
  it reads the 5.5 MB `/sys/kernel/btf/vmlinux` into a buffer and indexes it, and has no way to
  share one parse between objects (`btf_custom_path` only adds a parse for CO-RE; attaching `tp_btf`
  and `iter` programs still loads the kernel's). So the objects loaded are kept few: whether the
  kernel takes fentry programs and has kprobes is asked once before any pane loads (an empty fentry
  program, the kprobe interfaces), where the first pane to meet a refusal used to load its whole
  object twice in vain (0.37 → 0.32 s here); kernel function addresses are asked of the kernel (a
  BPF syscall program calling `bpf_kallsyms_lookup_name()`) instead of read from the 120,000 lines of
  `/proc/kallsyms` (0.32 → 0.29 s); the throttling pane finds its flag bit with a buffered scan of
  the raw BTF. The verifier, for its part, searched the kernel's BTF (linearly, ~2 ms here) for a
  `__safe_trusted` variant of the type at each pointer loaded from a trusted one: the CPU pane's
  sched_switch program took 29 ms to verify; it now reads the two tasks through `bpf_rdonly_cast()`
  (6.2+, free at run time, the uncast program before 6.2) and verifies in 2 ms, and the cgroup
  iterator keeps probe reads for its pointers for the same reason (5.5 ms with direct loads, 1.7
  without). Of what is left, 100 ms is the interval and most of the rest is libbpf's kernel BTF
  parses of four objects (cpu, cgroup iterator, throttle, overlay: 4 KiB read() calls on sysfs, a
  copy, an index; perf puts a third of the start in them; the steal pane's host view loads nothing
  where KVM's device is not registered, as here). A parse itself takes 3.4 ms once its pages exist; the first
  touch of a page costs ~17 µs in this VM, and the first parse touched ~3,000 of them (50 ms). So
  while the panes load, the heap is grown once into a region advised for transparent huge pages
  (tens of faults instead of thousands; `MADV_POPULATE_WRITE` did not help: the shadow page
  tables still fill one page at a time) and kept, so each parse reuses the pages of the one before;
  then it is trimmed (3,500 → 700 faults a start, 276 → ~210 ms to the first snapshot when
  measured alone, the peak RSS 1 MB higher for the huge-page granularity). The peak RSS is the program's own mapped binary and libraries
  (about 3.5 MB of file-backed pages once running: libmicrohttpd and the GnuTLS libraries behind
  it, another 3 MB, are opened only by `--listen` since this session) plus
  one parse (the 5.5 MB file read and its 5.5 MB copy, both alive at once in libbpf 1.1, and the
  index): under 12 MB would take not holding the kernel BTF at all while loading.
- **Noise.** This VM is shared with other engineers' test runs: the end-to-end medians can move by
  several percent between runs, and a negative slowdown means noise larger than the effect.
"""


def reproduce(p):
    p("## Reproduce\n")
    p("```")
    p("make bench                 # all of the above, about 25 minutes; writes BENCHMARKS.md")
    p("BENCH_QUICK=1 make bench   # 3 rounds, 15 s CPU windows, 0 and 100 cgroups")
    p("```\n")
    p("Single measurements by hand (root; `sysctl kernel.bpf_stats_enabled=1` for ns/run):\n")
    p("```")
    p("build/bench/floor build/bench/floor.bpf.o &            # the floor: empty tp_btf + raw_tp on sched_switch")
    p("build/bench/floor build/bench/floor_hooks.bpf.o &      # empty programs where cvtop's hot paths attach")
    p("./cvtop -b -d 1 --format json -o /tmp/c.jsonl &          # cvtop, every pane")
    p("runqlat 3600 1 &                                        # libbpf-tools")
    p("bpftrace -e \"$BT_RUNQLAT\" &                            # the scripts BT_RUNQLAT, BT_PIDNSS, BT_KVM in bench/run.sh")
    p("taskset -c 0 perf bench sched pipe -l 200000")
    p("perf bench sched messaging -g 5 -l 200")
    p("bpftool prog show -j | jq '.[] | {id, name, run_cnt, run_time_ns}'")
    p("grep prog_id /proc/PID/fdinfo/*                          # which programs a tool holds")
    p("```")


def report(res, rounds, cpu_secs, storm_secs):
    out = []
    p = out.append
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    p("# cvtop benchmarks\n")
    reruns = rows(f"{res}/reruns.tsv")
    started = open(f"{res}/started").read().strip() if os.path.exists(f"{res}/started") else \
        time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    p(f"Written by `make bench` on {started}; "
      f"kernel {platform.release()}, {os.cpu_count()} CPUs ({cpu}), a shared VM: "
      "absolute times are noisy, compare the ratios measured in the same run.\n")
    # each section as last measured: a later rerun replaces an earlier one
    last = {}
    for when, sections in reruns:
        for sec in sections.split():
            last[sec] = when
    for when in sorted(set(last.values())):
        secs = " ".join(sec for sec in last if last[sec] == when)
        p(f"Sections `{secs}` measured again on {when} UTC (`BENCH_SECTIONS`), the others as above.\n")

    progs = rows(f"{res}/progs.tsv")
    floor = {r[1]: per_run(int(r[3]), int(r[4])) for r in progs if r[0] == "floor"}
    fl = floor.get("floor_raw_tp") or floor.get("floor_tp_btf")
    p("## 1. Per-program cost (bpf_stats on)\n")
    p("Each tool alone, under `taskset -c 0 perf bench sched pipe -l 200000` and "
      "`kvmtest out 2000 10 0 0`; run_time_ns / run_cnt over that window from `bpftool prog show -j`. "
      "The floor is an empty program on sched_switch (bench/floor.bpf.c, tp_btf and raw_tp); floor-hooks "
      "(bench/floor_hooks.bpf.c) puts empty programs on every tracepoint cvtop uses on its hot paths.\n")
    p("| tool | program | type | runs | ns/run | × floor |")
    p("|---|---|---|---:|---:|---:|")
    for t, name, typ, runs, ns in progs:
        v = per_run(int(runs), int(ns))
        ratio = f"{v / fl:.1f}" if v is not None and fl else "-"
        p(f"| {t} | {name} | {typ} | {runs} | {fmt(v)} | {ratio} |")
    p("")

    e2e = rows(f"{res}/e2e.tsv")
    p(f"## 2. End to end: scheduler-heavy work (bpf_stats off, medians of {rounds} interleaved rounds)\n")
    p("`taskset -c 0 perf bench sched pipe -l 200000` and `perf bench sched messaging -g 5 -l 200`, "
      "each configuration started, measured and stopped in turn within every round.\n")
    cfgs = []
    for r in e2e:
        if r[0] not in cfgs:
            cfgs.append(r[0])
    med = {}
    for c in cfgs:
        pipe = [float(r[2]) for r in e2e if r[0] == c and r[2]]
        msg = [float(r[3]) for r in e2e if r[0] == c and r[3]]
        med[c] = (statistics.median(pipe) if pipe else None, statistics.median(msg) if msg else None)
    base = med.get("none", (None, None))
    p("| configuration | pipe s (median) | pipe slowdown | messaging s (median) | messaging slowdown |")
    p("|---|---:|---:|---:|---:|")
    for c in cfgs:
        pm, mm = med[c]
        ps = f"{(pm / base[0] - 1) * 100:+.1f} %" if pm and base[0] else "-"
        ms = f"{(mm / base[1] - 1) * 100:+.1f} %" if mm and base[1] else "-"
        p(f"| {c} | {fmt(pm, 3)} | {ps} | {fmt(mm, 3)} | {ms} |")
    p("")

    first = rows(f"{res}/first.tsv")
    own = rows(f"{res}/own.tsv")
    p("## 3. cvtop's own cost\n")
    snap = [int(r[1]) / 1000 for r in first if r[0] == "snapshot"]
    frame = [int(r[1]) / 1000 for r in first if r[0] == "frame"]
    attached = [int(r[1]) / 1000 for r in first if r[0] == "attached"]
    tmux = [int(r[1]) / 1000 for r in first if r[0] == "tmux"]
    if snap:
        p(f"- time to first batch snapshot (`cvtop -b -n 1 -d 0.1 -o FILE`, from start until it exits "
          f"after writing it, nothing polling beside it; 100 ms of it the interval; median of {len(snap)}): **{statistics.median(snap):.0f} ms** (min {min(snap):.0f}, max {max(snap):.0f})")
    if frame:
        p(f"- time to first UI frame (tmux, start until the tab bar is on screen, polled every 2 ms, "
          f"median of {len(frame)}): **{statistics.median(frame):.0f} ms** (min {min(frame):.0f}, "
          f"max {max(frame):.0f}; includes tmux's own start): the UI is up before the BPF programs load, "
          "and says which pane it is attaching")
    if tmux:
        p(f"- the same poll on `echo CPU contention` in tmux, tmux's own part, median of {len(tmux)}: "
          f"**{statistics.median(tmux):.0f} ms** (min {min(tmux):.0f}, max {max(tmux):.0f})")
    if attached:
        p(f"- time until every pane is attached (the status line names the CPU pane's hook), median of "
          f"{len(attached)}: **{statistics.median(attached):.0f} ms** (min {min(attached):.0f}, "
          f"max {max(attached):.0f}); the first figures follow one interval later")
    p("")
    p(f"`cvtop -b -d 1 --format json -o FILE`, every pane attached, CPU time of all its threads from /proc/PID/task/*/schedstat over "
      f"{cpu_secs} s after the first snapshot; each cgroup (v2) holds one task that sleeps in a loop, "
      "max(1, cgroups / 1000) s at a time (at most 1000 wake-ups a second in all: 10,000 tasks waking every "
      "second saturate this VM by themselves); \"busy\" is how busy the CPUs were with those tasks alone, "
      "before cvtop started (a count over 80 % is not measured).\n")
    p(f"| cgroups | CPU % of one core | of which in the kernel % | peak RSS (VmHWM) MB | RSS after {cpu_secs} s "
      "(VmRSS) MB | rows in the CPU pane | CPU pane's cgroup map: entries / max | task period s | busy % |")
    p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, ns, per_s, secs, hwm, nrows, *rest in own:
        pct = int(ns) / int(per_s) / int(secs) * 100
        rss = f"{int(rest[0]) / 1024:.1f}" if rest else "-"
        sys_pct = f"{int(rest[1]) / int(per_s) / int(secs) * 100:.2f}" if len(rest) > 1 else "-"
        fill = "-"
        if len(rest) > 3 and rest[2].isdigit() and rest[3].isdigit():
            fill = f"{int(rest[2]):,} / {int(rest[3]):,} ({int(rest[2]) / int(rest[3]) * 100:.0f} %)"
        period = rest[4] if len(rest) > 4 else "1"
        busy = rest[5] if len(rest) > 5 else "-"
        p(f"| {n} | {pct:.2f} | {sys_pct} | {int(hwm) / 1024:.1f} | {rss} | {nrows} | {fill} | {period} | {busy} |")
    for n, why in rows(f"{res}/own-skipped.tsv"):
        p(f"| {n} | not measured: {why} | | | | | | | |")
    p("")

    scrape = rows(f"{res}/scrape.tsv") if os.path.exists(f"{res}/scrape.tsv") else []
    if scrape:
        p("### The exporter (`bench/scrape.sh`)\n")
        p("cvtop `-b --listen` on 127.0.0.1 with N cgroups of one sleeper-waker; 20 scrapes per format, "
          "0.5 s apart (curl's time_total: connect to last byte); cvtop's CPU over those 10 s, the refresh "
          "and the exposition built after it included. Target: ≤ 20 ms per scrape at 1000 cgroups.\n")
        p("| cgroups | rows | format | bytes | scrape ms (median) | scrape ms (max) | cvtop CPU % |")
        p("|---:|---:|---|---:|---:|---:|---:|")
        for n, nrows, f, size, med_ms, max_ms, cpu in scrape:
            p(f"| {n} | {nrows} | {f} | {int(size):,} | {med_ms} | {max_ms} | {cpu} |")
        p("")

    storm = rows(f"{res}/storm.tsv")
    snaps = {r[0]: r[1:] for r in rows(f"{res}/storm-snap.tsv")}
    alone = {r[0]: (r[1] if len(r) > 1 else "") for r in rows(f"{res}/storm-alone.tsv")}
    p(f"## 4. Storms (cvtop attached, bpf_stats on, {storm_secs} s each)\n")
    p("- switch: `stress-ng --switch 2`; fio-overlay: 4 KiB psync random reads, 2 jobs, in an overlay mount; "
      "fio-block: 4 KiB direct random writes, libaio depth 32, to a loop device; kvm: the KVM test helper "
      "(`kvmtest out 1000 10 0 0`) in a loop.")
    p("- cvtop keeps counters in maps (no ring buffer, no per-event output), so nothing can be dropped; "
      "the snapshots column shows that the 1 Hz refresh kept going during the storm.\n")
    p("| storm | program | runs | ns/run | × floor | snapshots written | workload rate |")
    p("|---|---|---:|---:|---:|---:|---|")
    drops = storm_drops(alone, snaps)
    for t, name, typ, runs, ns in storm:
        v = per_run(int(runs), int(ns))
        if not int(runs):
            continue
        ratio = f"{v / fl:.1f}" if v is not None and fl else "-"
        s = snaps.get(t, ["-", "-"])
        p(f"| {t} | {name} | {runs} | {fmt(v)} | {ratio} | {s[0]} | {s[1] if len(s) > 1 else ''} |")
    p("")
    if drops:
        p("The workloads' own throughput, each storm run first without cvtop, then with it attached "
          "(one run each, on a shared VM):\n")
        p("| storm | without cvtop | with cvtop | change in throughput |")
        p("|---|---|---|---:|")
        for t, (a, w, d) in drops.items():
            p(f"| {t} | {a} | {w} | {'-' if d is None else f'{d:+.1f} %'} |")
        p("")
    targets(p, res, progs, storm, med, snap, frame, attached, tmux, own, drops)
    reproduce(p)
    print("\n".join(out))


if __name__ == "__main__":
    if sys.argv[1] == "progdelta":
        progdelta(*sys.argv[2:6])
    else:
        report(sys.argv[2], *[int(x) for x in sys.argv[3:6]])

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


def targets(p, progs, storm, med, snap, frame, attached, tmux, own):
    split = []
    p("## Targets (issue 9) against this run\n")
    p("| target | measured | met |")
    p("|---|---|---|")

    def row(what, val, ok):
        p(f"| {what} | {val} | {'yes' if ok else '**no**'} |")

    fh = med.get("floor-hooks", (None,))[0]
    if fh and med.get("none", (None,))[0]:
        fs = (fh / med['none'][0] - 1) * 100
        verdict = ("is over the 7 % target on this VM" if fs > 7 else
                   f"leaves {7 - fs:.1f} points of the 7 % target for the programs' work")
        split.append(f"- The same hooks as cvtop's hot paths with empty programs (`floor-hooks`: two on "
                     f"sched_switch, sys_enter, sys_exit) slow the pipe benchmark by {fs:+.1f} %: the "
                     f"attachment alone, before any work, {verdict} (a syscall tracepoint sends every "
                     "syscall of the machine through the slow path).")
    sw = cost(progs, "cvtop", {"cpu_switch_btf"})
    st = cost(progs, "cvtop", {"steal_switch_btf"})
    if sw:
        row("sched_switch program ≤ 150 ns/run", f"cpu_switch_btf {sw[0]:.0f} ns (steal_switch_btf, the "
            f"steal pane's own, {st[0] if st else 0:.0f} ns)", sw[0] <= 150)
    row("sched_wakeup ≤ 90 ns/run, or no wakeup hook", "no wakeup hook: the wait is read from the incoming "
        "task's sched_info.last_queued at sched_switch", True)
    if "cvtop" in med and med.get("none", (None,))[0]:
        s = (med["cvtop"][0] / med["none"][0] - 1) * 100
        row("pipe benchmark slowdown ≤ 7 % with every pane", f"{s:+.1f} %", s <= 7)
        mine = [r for r in progs if r[0] == "cvtop"]
        switches = sum(int(r[3]) for r in mine if r[1] == "cpu_switch_btf")
        total = sum(int(r[4]) for r in mine)
        ovl = sum(int(r[4]) for r in mine if r[1].startswith("ovl_"))
        if switches and total:
            split.append(f"- In the pipe benchmark of table 1, cvtop's programs cost {total / switches:.0f} ns per "
                         f"context switch all together, {ovl / total * 100:.0f} % of it in the overlay pane's "
                         "`sys_enter`/`sys_exit` programs, which run on every syscall (the benchmark makes about "
                         "two syscalls per switch); the floor costs "
                         f"{cost(progs, 'floor', {'floor_raw_tp'})[0]:.0f} ns per switch.")
    if frame:
        own_ms = max(0.0, statistics.median(frame) - (statistics.median(tmux) if tmux else 0))
        row("first frame ≤ 50 ms", f"{own_ms:.0f} ms: {statistics.median(frame):.0f} ms in tmux, less "
            f"tmux's own {statistics.median(tmux) if tmux else 0:.0f} ms "
            f"(every pane attached "
            f"{statistics.median(attached) if attached else 0:.0f} ms; first batch snapshot "
            f"{statistics.median(snap):.0f} ms)", own_ms <= 50)
    if own:
        hwm = max(int(r[4]) for r in own) / 1024
        least = min((r for r in own if len(r) > 6), key=lambda r: int(r[0]), default=None)
        rss = f"; {int(least[6]) / 1024:.1f} MB once running with {least[0]} cgroups" if least else ""
        row("peak RSS ≤ 12 MB", f"{hwm:.1f} MB at the peak, while libbpf parses the kernel BTF{rss}",
            hwm <= 12)
        for n, ns, per_s, secs, *_ in own:
            if n == "1000":
                pct = int(ns) / int(per_s) / int(secs) * 100
                row("CPU ≤ 0.5 % of one core at 1 Hz, 1000 cgroups", f"{pct:.2f} %", pct <= 0.5)
        pts = [(int(n), int(ns) / int(secs) / 1e6) for n, ns, per_s, secs, *_ in own]
        if len(pts) > 1 and pts[-1][0] > pts[0][0]:
            slope = (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0]) * 1000
            split.append(f"- cvtop's CPU time per 1 Hz refresh grows by about {slope:.0f} µs per cgroup "
                         f"({pts[0][1]:.1f} ms per refresh with {pts[0][0]} cgroups, {pts[-1][1]:.1f} ms with "
                         f"{pts[-1][0]}), and its peak RSS barely moves (section 3).")
    # each under the storm that drives it (section 4)
    own_storm = {"throttle": "fio-block", "ovl": "fio-overlay", "kvm": "kvm"}
    io = [(r[1], per_run(int(r[3]), int(r[4]))) for r in storm
          if own_storm.get(r[1].split("_")[0]) == r[0] and int(r[3])]
    if io:
        vals = ", ".join(f"{n} {v:.0f}" for n, v in io)
        row("block, overlay and KVM programs ≤ 100 ns/run (under their storms)", vals,
            all(v <= 100 for _, v in io))
    p("")
    if split:
        p("### Where the cost goes (from the tables above)\n")
        p("\n".join(split))
        p("")
    p(NOTES)


NOTES = """### What limits the missed targets

- **sched_switch cost.** The CPU pane's program reads both tasks' cgroup ids, the run-queue clock and
  `sched_info.last_queued` with direct BTF loads (no helper calls since the outgoing task's cgroup
  id stopped going through `bpf_get_current_cgroup_id()`: 240 to about 195 ns/run), then updates a
  `BPF_MAP_TYPE_PERCPU_HASH` entry keyed by the cgroup id (two when the tasks' cgroups differ).
  Replacing that hash lookup with a per-CPU array slot, the issue's suggestion, was measured by hand:
  about 20 ns/run less, not the 45 still missing, so it was not built (a slot allocator in cgroup
  storage needs kernel 6.2 and a second design for 6.1). Most of the rest is the tracepoint
  dispatch with bpf_stats on (the floor) and cache misses on the incoming task's cgroup chain.
  Together cvtop's two sched_switch programs (CPU and steal panes) still cost less than the single
  sched_switch program of libbpf-tools' or bpftrace's runqlat, and cvtop has no sched_wakeup program.
- **Pipe benchmark.** Two syscalls per context switch: the `floor-hooks` row of table 2 shows what
  attaching empty programs where cvtop attaches costs before any work is done.
- **CPU per cgroup.** Per refresh and cgroup the CPU pane reads `cpu.pressure` (kept open, one
  `pread`; the kernel formats it anew from per-CPU PSI state) and batch mode writes a JSON row of
  ~400 bytes; the VM scan of the steal pane no longer walks the fds of processes it found without
  vCPUs (they are looked at again every 12th scan). A profile (`perf record`, 1000 cgroups, JSON
  to a file) is flat: the kernel's PSI formatting ~20 %, JSON formatting ~25 %, the batched map
  read ~7 %; the kernel column of section 3 is time spent in system calls, mostly the 1000
  `cpu.pressure` reads (the kernel sums per-CPU PSI state and formats the file for each). Reading
  PSI only for some rows, or less often, would make the STALL column wrong, so it is not done.
- **Overlay programs.** `tp_btf/sys_enter`/`sys_exit` run on every syscall of the machine (there is
  no kprobe or fentry on the VFS here, see the machine notes). `sys_enter` finds the file with direct
  loads (the fd slot through `bpf_rdonly_cast()`), and `sys_exit` returns at once while no overlay
  call is in flight; under the fio storm every call is an overlay call and pays the task-storage
  lookup, the clock and the per-CPU hash update.
- **KVM programs.** `kvm_mmio_btf` and `kvm_msr_btf` fire a few times per guest (tens of runs): their
  ns/run is cold-cache cost of rare events; the hot ones (`kvm_pio_btf`, `kvm_uexit_btf`) do one
  per-CPU hash update keyed by (VM, thread, port or reason) between guest entries of a software
  hypervisor, with cold caches.
- **Start time and RSS.** The UI draws its first frame before any BPF object loads and says which
  pane it is attaching. A kernel's refusal of fentry/fexit (EPERM at load) or the absence of
  kprobes is remembered after the first pane meets it, so the others skip it (8 parses of the
  kernel BTF per start instead of 12). libbpf 1.1 reads the 5.5 MB `/sys/kernel/btf/vmlinux` into
  a buffer and copies it while parsing, once per object: that is the peak. cvtop fixes glibc's
  mmap threshold so the freed copies go back to the kernel: the RSS column shows what stays.
  Newer libbpf maps the sysfs BTF instead of copying it.
- **Noise.** This VM is shared with other engineers' test runs: the end-to-end medians can move by
  several percent between runs, and a negative slowdown means noise larger than the effect.
"""


def reproduce(p):
    p("## Reproduce\n")
    p("```")
    p("make bench                 # all of the above, about 9 minutes; writes BENCHMARKS.md")
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
    p(f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
      f"kernel {platform.release()}, {os.cpu_count()} CPUs ({cpu}), a shared VM: "
      "absolute times are noisy, compare the ratios measured in the same run.\n")

    progs = rows(f"{res}/progs.tsv")
    floor = {r[1]: per_run(int(r[3]), int(r[4])) for r in progs if r[0] == "floor"}
    fl = floor.get("floor_raw_tp") or floor.get("floor_tp_btf")
    p("## 1. Per-program cost (bpf_stats on)\n")
    p("Each tool alone, under `taskset -c 0 perf bench sched pipe -l 200000` and "
      "`kvmtest out 20 1000 0 0`; run_time_ns / run_cnt over that window from `bpftool prog show -j`. "
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
        p(f"- time to first batch snapshot (`cvtop -b -n 1 -d 0.1`, start to first JSON line, "
          f"median of {len(snap)}): **{statistics.median(snap):.0f} ms** (min {min(snap):.0f}, max {max(snap):.0f})")
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
    p(f"`cvtop -b -d 1 --format json`, every pane attached, CPU time of all its threads from /proc/PID/task/*/schedstat over "
      f"{cpu_secs} s after the first snapshot; each cgroup (v2) holds one task that sleeps 100 ms in a loop "
      "(10 context switches/s).\n")
    p("| cgroups | CPU % of one core | of which in the kernel % | peak RSS (VmHWM) MB | RSS after 60 s (VmRSS) MB "
      "| rows in the CPU pane |")
    p("|---:|---:|---:|---:|---:|---:|")
    for n, ns, per_s, secs, hwm, nrows, *rest in own:
        pct = int(ns) / int(per_s) / int(secs) * 100
        rss = f"{int(rest[0]) / 1024:.1f}" if rest else "-"
        sys_pct = f"{int(rest[1]) / int(per_s) / int(secs) * 100:.2f}" if len(rest) > 1 else "-"
        p(f"| {n} | {pct:.2f} | {sys_pct} | {int(hwm) / 1024:.1f} | {rss} | {nrows} |")
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
    p(f"## 4. Storms (cvtop attached, bpf_stats on, {storm_secs} s each)\n")
    p("- switch: `stress-ng --switch 2`; fio-overlay: 4 KiB psync random reads, 2 jobs, in an overlay mount; "
      "fio-block: 4 KiB direct random writes, libaio depth 32, to a loop device; kvm: the KVM test helper "
      "(`kvmtest out 10 1000 0 0`) in a loop.")
    p("- cvtop keeps counters in maps (no ring buffer, no per-event output), so nothing can be dropped; "
      "the snapshots column shows that the 1 Hz refresh kept going during the storm.\n")
    p("| storm | program | runs | ns/run | × floor | snapshots written | workload rate |")
    p("|---|---|---:|---:|---:|---:|---|")
    for t, name, typ, runs, ns in storm:
        v = per_run(int(runs), int(ns))
        if not int(runs):
            continue
        ratio = f"{v / fl:.1f}" if v is not None and fl else "-"
        s = snaps.get(t, ["-", "-"])
        p(f"| {t} | {name} | {runs} | {fmt(v)} | {ratio} | {s[0]} | {s[1] if len(s) > 1 else ''} |")
    p("")
    targets(p, progs, storm, med, snap, frame, attached, tmux, own)
    reproduce(p)
    print("\n".join(out))


if __name__ == "__main__":
    if sys.argv[1] == "progdelta":
        progdelta(*sys.argv[2:6])
    else:
        report(sys.argv[2], *[int(x) for x in sys.argv[3:6]])

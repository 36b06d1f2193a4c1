#!/usr/bin/env python3
"""Folds the results.json of one or more campaign runs (VM boots) into one report.

    report.py DIR...     (each DIR holds a results.json, e.g. kernel-it/target/kit-run/out/campaign,
                          or only the exec.log of a VM stopped before it wrote one)
Prints Markdown: runs passed/failed per scenario, safety totals, and per daemon and FDT the
detection and failover times (p50/p99/max, nearest-rank) and the false failovers seen.
"""
import json
import math
import os
import re
import sys
from collections import defaultdict


def pct(xs, p):
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def fmt(xs):
    if not xs:
        return "–"
    return f"{pct(xs, 50):.3f} / {pct(xs, 99):.3f} / {max(xs):.3f} s (n={len(xs)})"


RUN_LINE = re.compile(r"^(PASS|FAIL) (\S+) #(\d+) \(seed (\d+)\) (.*)$")
HEADER = re.compile(r"^campaign: daemon (\S+), FDT (\d+) ms")


def from_log(path):
    """The runs of a campaign whose VM was stopped before it wrote results.json: its exec.log has a
    line per finished run (PASS: its metrics as k=v; FAIL: why)."""
    runs, daemon, fdt = [], "?", 0
    with open(path, errors="replace") as f:
        for line in f:
            h = HEADER.match(line)
            if h:
                daemon, fdt = h.group(1), int(h.group(2))
            m = RUN_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            ok, rest = m.group(1) == "PASS", m.group(5)
            metrics = {}
            if ok:
                for kv in re.findall(r"(\w+)=([-0-9.]+)(?=\s|$)", rest):
                    metrics[kv[0]] = float(kv[1]) if "." in kv[1] else int(kv[1])
            runs.append({"scenario": m.group(2), "rep": int(m.group(3)), "seed": int(m.group(4)), "passed": ok,
                         "daemon": daemon, "fdt_ms": fdt, "metrics": metrics, "detail": "" if ok else rest,
                         "failures": [] if ok else [rest]})
    return runs


RUN_LAPSE = re.compile(r"^\s*[-+]?[0-9.]+ SC[01]\[\d+\] lapse \S+ epoch=\d+ LEASE_LAPSED\b")


def lapses_from_run_file(d, r):
    """A run's LEASE_LAPSED lines from its runs/NAME-REP.txt (its whole window, preparation included),
    for results written before the judge counted them; None without the file."""
    p = os.path.join(d, "runs", f"{r['scenario']}-{r['rep']}.txt")
    if not os.path.exists(p):
        return None
    with open(p, errors="replace") as f:
        return sum(1 for line in f if RUN_LAPSE.match(line))


def load(dirs):
    runs = []
    for d in dirs:
        p = os.path.join(d, "results.json")
        if os.path.exists(p):
            with open(p) as f:
                got = [r for r in json.load(f) if "metrics" in r]
        elif os.path.exists(os.path.join(d, "exec.log")):
            got = from_log(os.path.join(d, "exec.log"))
        else:
            got = []
        for r in got:
            if "lease_lapses" not in r["metrics"]:
                n = lapses_from_run_file(d, r)
                if n is not None:
                    r["metrics"]["lease_lapses"] = n
        runs += got
    return runs


def main(dirs):
    runs = load(dirs)
    if not runs:
        print("no runs found")
        return 1
    out = []
    by_sc = defaultdict(lambda: [0, 0])
    for r in runs:
        by_sc[r["scenario"]][0 if r["passed"] else 1] += 1
    passed = sum(v[0] for v in by_sc.values())
    failed = sum(v[1] for v in by_sc.values())
    daemons = sorted({r.get("daemon", "?") for r in runs})
    out.append(f"# Campaign report: {passed + failed} runs, {passed} passed, {failed} failed (daemon: {', '.join(daemons)})\n")
    out.append("| scenario | passed | failed |\n|---|---|---|")
    for name in sorted(by_sc):
        out.append(f"| {name} | {by_sc[name][0]} | {by_sc[name][1]} |")
    tot = lambda k: sum(r["metrics"].get(k, 0) for r in runs)
    out.append(f"\nSafety over all runs: both-leader samples {tot('both_leader_samples')}, dstops {tot('dstops')} "
               f"(and {tot('unseen_switches')} switched there and back between samples), "
               f"REF_SEL writes in reset {tot('writes_in_reset')}, writes after authority lapsed "
               f"{sum(1 for r in runs for x in r.get('failures', []) if 'after its authority lapsed' in x)} "
               f"(of {tot('select_writes')} daemon select writes judged), select writes by unknown processes "
               f"{sum(1 for r in runs for x in r.get('failures', []) if 'whose authority cannot be judged' in x)}, "
               f"runs not ending with exactly one MAIN / boards on its clock "
               f"{sum(1 for r in runs if any('settle' in x and 'precondition' not in x for x in r.get('failures', [])))}, "
               f"runs whose pair was not ready for the scenario (precondition) "
               f"{sum(1 for r in runs if any('precondition' in x for x in r.get('failures', [])))}.")
    gaps = [r["metrics"]["sample_max_gap_ms"] for r in runs if "sample_max_gap_ms" in r["metrics"]]
    rates = sorted(r["metrics"]["samples_per_s_median"] for r in runs if "samples_per_s_median" in r["metrics"])
    if gaps and rates:
        out.append(f"Backplane sampling (1 ms period): per-run median samples/s from {rates[0]} to {rates[-1]} "
                   f"(median {rates[len(rates) // 2]}); worst gap between two samples {max(gaps):.1f} ms "
                   f"(p50 of the per-run worst gaps {pct(gaps, 50):.1f} ms).")
    groups = defaultdict(list)
    for r in runs:
        groups[(r.get("daemon", "?"), r.get("fdt_ms", 0))].append(r)
    out.append("\n| daemon | FDT | detection p50 / p99 / max | failover p50 / p99 / max | false failovers (runs expecting none) "
               "| lease lapses, whole runs / halts, scenario windows |")
    out.append("|---|---|---|---|---|---|")
    for (daemon, fdt), rs in sorted(groups.items()):
        det = [r["metrics"]["detection_s"] for r in rs if "detection_s" in r["metrics"]]
        fo = [r["metrics"]["failover_s"] for r in rs if "failover_s" in r["metrics"]]
        quiet = [r for r in rs if r["scenario"] in ("soak", "kill-spare", "link-primary-down", "links-down",
                                                    "heartbeat-cut")]
        ff = sum(r["metrics"].get("false_failovers", 0) for r in quiet)
        halts = sum(r["metrics"].get("halts", 0) for r in rs)
        counted = [r for r in rs if "lease_lapses" in r["metrics"]]   # results from before the metric: none
        lapses = f"{sum(r['metrics']['lease_lapses'] for r in counted)} in {len(counted)}" if counted else "not counted"
        out.append(f"| {daemon} | {fdt} ms | {fmt(det)} | {fmt(fo)} | {ff} in {len(quiet)} | {lapses} / {halts} in {len(rs)} |")
    fails = [r for r in runs if not r["passed"]]
    if fails:
        out.append("\nFailed runs:")
        for r in fails[:50]:
            out.append(f"- {r['scenario']} #{r['rep']} (seed {r['seed']}, FDT {r.get('fdt_ms')} ms): {r['detail'][:300]}")
    print("\n".join(out))
    return 0


def quiet_ok(dirs):
    """For long.sh's FDT sweep: exit 0 if the runs saw no false failover, no halt and no lease lapse
    (a lapse while the pair re-formed between scenarios counts too)."""
    runs = load(dirs)
    bad = sum(r["metrics"].get("false_failovers", 0) + r["metrics"].get("halts", 0)
              + r["metrics"].get("lease_lapses", 0) for r in runs)
    print(f"{len(runs)} runs, {bad} false failovers + halts + lease lapses")
    return 0 if runs and bad == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--quiet-ok"]:
        sys.exit(quiet_ok(sys.argv[2:]))
    sys.exit(main(sys.argv[1:]))

"""What bench/results.py reads: JMH's JSON and log (the benchmark names as the report keys them),
and the machine and JDK the run was on."""
import json
import os
import re
import subprocess

from results_stats import Figure

PKG = "dev.pairlock.bench."
MODES = [("Opaque", "OPAQUE"), ("AcquireRelease", "ACQUIRE_RELEASE"), ("Volatile", "VOLATILE")]


def load_jmh(path):
    figures = {}
    if not os.path.exists(path):
        return figures
    with open(path) as f:
        text = f.read().strip()
    for run in json.loads(text) if text else []:
        name = run["benchmark"][len(PKG):] if run["benchmark"].startswith(PKG) else run["benchmark"]
        pm = run["primaryMetric"]
        err = pm.get("scoreError")
        err = None if err in (None, "NaN") else float(err)
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        figures[name] = Figure(float(pm["score"]), err, None if alloc in (None, "NaN") else float(alloc))
        events = run.get("secondaryMetrics", {}).get("events")
        if events:  # SimulationBench's auxiliary counter
            e_err = events.get("scoreError")
            figures[name + ":events"] = Figure(float(events["score"]), None if e_err in (None, "NaN") else float(e_err))
    return figures


def jmh_settings(path):
    """How JMH ran each benchmark: one line per distinct setting (forks, warm-up, measurement), naming
    the benchmark classes that ran under it when there is more than one setting (bench/run gives the
    simulation a longer warm-up than the rest)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        text = f.read().strip()
    groups = {}
    for run in json.loads(text) if text else []:
        key = (run.get("forks"), run.get("warmupIterations"), run.get("warmupTime"),
               run.get("measurementIterations"), run.get("measurementTime"))
        cls = run["benchmark"][len(PKG):] if run["benchmark"].startswith(PKG) else run["benchmark"]
        names = groups.setdefault(key, [])
        if cls.split(".")[0] not in names:
            names.append(cls.split(".")[0])
    lines = []
    for (forks, wi, w, i, r), names in groups.items():
        what = f"{forks} forks, {wi} × {w} warm-up, {i} × {r} measured"
        lines.append(what if len(groups) == 1 else f"{what}: {', '.join(names)}")
    return lines


def load_c(path):
    """The C baseline's output (bench/c/regbench.c): repetitions per loop, and its iteration counts."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def failure_reasons(log_path):
    """The first exception line JMH printed for each benchmark that failed."""
    reasons, current = {}, None
    if not os.path.exists(log_path):
        return reasons
    with open(log_path, errors="replace") as f:
        for line in f:
            m = re.match(r"# Benchmark: (\S+)", line)
            if m:
                current = m.group(1)[len(PKG):] if m.group(1).startswith(PKG) else m.group(1)
                continue
            if current and current not in reasons and re.match(r"^\S*(Exception|Error)\b|^\S+(Exception|Error): ", line):
                reasons[current] = line.strip()
    return reasons


def machine():
    model, cores = "unknown", os.cpu_count()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, cores


def java_version(java):
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
        return " / ".join(l.strip() for l in out.splitlines()[:2])
    except (OSError, subprocess.SubprocessError) as e:
        return f"unknown ({e})"

"""How the quiet judge's verdict (bench/quiet.py) bears on a report: the line that states it, the
warning of a run that was not quiet, and each verdict restated so that nothing reads "met" from a
machine that was not quiet (bench/results.py, results_vm.py and results_daemon.py all follow it)."""
import json
import os


def load_verdict(path):
    """bench/quiet.py judge's verdict (JSON), or None when the run did not measure quietness."""
    if path and os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return None


def is_quiet(verdict):
    return bool(verdict and verdict["quiet"])


def quietness_lines(quiet):
    """The run's quietness as bench/run measured it, and the warning when it was not quiet (or not measured)."""
    L = []
    if quiet:
        L.append(f"- Quietness ({quiet['rule']}; `bench/quiet.py`, from /proc): over the {quiet['window_seconds']} s of "
                 f"measurement, other processes used {quiet['others_cpu_seconds']} CPU-s "
                 f"({quiet['others_share_of_one_core'] * 100:.1f} % of one core), this run's own processes "
                 f"{quiet['own_cpu_seconds']} CPU-s, steal {quiet['steal_cpu_seconds']} s: "
                 + ("**quiet**" if quiet["quiet"] else "**not quiet**"))
    if not is_quiet(quiet):
        why = "; ".join(quiet["reasons"]) if quiet else "quietness was not measured"
        L.append(f"\n**This run was not quiet** ({why}). Its figures are noisy and no target is marked met: a "
                 "target it would meet reads \"not confirmed\". Rerun on a quiet machine (see Reproduce).")
    return L


def unconfirmed(verdict, quiet):
    """A verdict as the report states it: nothing is "met" on a machine that was not quiet."""
    if quiet:
        return verdict
    if verdict.startswith("met"):
        return "not confirmed: would be met, but the machine was not quiet"
    if verdict.startswith("missed"):
        return verdict + "; the machine was not quiet (noise may account for it)"
    return verdict

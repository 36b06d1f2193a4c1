#!/usr/bin/env python3
"""The failover campaign inside the kernel VM (started by `kernel-it/run --campaign ...`).

    campaign.py [options] SPEC...
      SPEC: selftest | short | all | NAME[*REPS] (a scenario from scenarios.py, REPS times)
(the long campaign is several VM boots: kernel-it/run --campaign long, chassis/long.sh)
Writes results.json, summary.txt and every run's logs under --out; prints one line per run and
the totals as `N passed, N failed`.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from chassis import Chassis, KmsgReader  # noqa: E402


def log(msg):
    print(msg, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="results directory (the VM's writable share)")
    ap.add_argument("--work", default="/tmp/campaign", help="scratch directory (tmpfs)")
    ap.add_argument("--backplane", required=True)
    ap.add_argument("--stub-ko", required=True)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--period-us", type=int, default=1000)
    ap.add_argument("--daemon", default="pairlockd", help="pairlockd, or standin (harness test only)")
    ap.add_argument("--daemon-cmd", default="", help="command that starts one SC's daemon; {conf} = its platform file")
    ap.add_argument("--jvm-extra", default="", help="extra JVM options for each pairlockd (diagnosis, e.g. "
                    "'-Xlog:safepoint,gc:stdout:uptime'); they go after the launcher's own")
    ap.add_argument("--rt-priority", type=int, default=10, help="each pairlockd's control.rt_priority (0: time-shared;"
                    " the backplane runs at 50)")
    ap.add_argument("--pin-cpus", action="store_true", help="each SC's processes on their own vCPU (measured worse"
                    " under TCG: see daemons.sc_cpu)")
    ap.add_argument("--stallwatch", action="store_true", help="run stallwatch.py beside the campaign (diagnosis of"
                    " control loops off the CPU: stallwatch.log in --out)")
    ap.add_argument("--fdt-ms", type=int, default=0, help="failure detection time (0 = the daemon's default)")
    ap.add_argument("specs", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    chassis = Chassis(a.work, a.backplane, a.stub_ko, seed=a.seed, period_us=a.period_us)
    results = []
    ok = False
    watcher = None
    try:
        chassis.setup()
        if a.stallwatch:
            watcher = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "stallwatch.py"), "--state", chassis.state_path,
                                        "--out", os.path.join(a.out, "stallwatch.log")])
        chassis.kmsg = KmsgReader()
        if a.specs == ["selftest"]:
            import selftest
            chassis.daemon_cmd = ["", selftest.SC1_CMD]
            chassis.start_backplane()
            log(f"backplane self-test (seed {a.seed}, period {a.period_us} us)")
            t = selftest.SelfTest(chassis, log)
            ok = t.run()
            results = [dict(scenario="selftest:" + n, passed=p, detail=d) for n, p, d in t.results]
        else:
            import runner
            ok, results = runner.run_specs(chassis, a, log)
    except Exception:
        traceback.print_exc()
        results.append(dict(scenario="setup", passed=False, detail=traceback.format_exc().splitlines()[-1]))
        ok = False
    finally:
        if watcher:
            watcher.terminate()
            watcher.wait()
        try:
            chassis.teardown()
        except Exception as e:
            log(f"teardown problem: {e}")
        for f in ("backplane.events", "backplane.stderr", "backplane.conf", "sc0/daemon.log", "sc1/daemon.log",
                  "sc0/platform.conf", "sc1/platform.conf"):
            p = os.path.join(a.work, f)
            if os.path.exists(p):
                shutil.copy(p, os.path.join(a.out, f.replace("/", "-")))
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    passed = sum(1 for r in results if r["passed"])
    failed = len(results) - passed
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        for r in results:
            f.write(f"{'PASS' if r['passed'] else 'FAIL'} {r['scenario']} {r.get('detail', '')}\n")
        f.write(f"{passed} passed, {failed} failed\n")
    log(f"{passed} passed, {failed} failed")
    return 0 if ok and failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

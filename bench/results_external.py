"""The sections of bench/RESULTS.md that other runs write (bench/run-vm, bench/run-daemon, the kernel
campaign): kept when bench/run regenerates the report, a placeholder until their run has written
them, and their target lines gathered into the report's targets table."""
import os
import re

EXTERNAL_TARGETS_MARK = "<!-- external targets -->"

# Sections bench/run cannot measure: each is written by its own run and kept when bench/run
# regenerates the report; until then a placeholder says what produces it. A section lists its
# targets as lines "<!-- target: NAME | MEASURED | VERDICT -->", which go into the targets table.
EXTERNAL_SECTIONS = [
    ("## In the VM", "## In the VM: I2C and heartbeat (issues 6 and 15)",
     "Not measured yet in this report: `sudo bench/run-vm` writes this section (I2C on i2c-stub against C and "
     "diozero, heartbeat edge to listener against a C reader, inside the kernel-it VM).",
     ["SMBus read-byte-data in the VM ≤ 1.10× C", "SMBus read-byte-data in the VM no slower than diozero",
      "heartbeat edge to listener in the VM ≤ 1.2× C at p50", "heartbeat edge to listener in the VM ≤ 1.2× C at p90"]),
    ("## The daemon", "## The daemon (pairlockd)",
     "Not measured yet: `bench/run-daemon` writes the daemon's figures here (heartbeat period jitter under a "
     "500 MB/s allocation stress in the same JVM for 10 min, missed beats, RSS and threads at idle), with the JVM "
     "flags of the `pairlockd` launcher (issue 9).",
     ["daemon heartbeat period jitter p99.9 ≤ 1 ms with a 500 MB/s allocation stress (10 min)",
      "daemon: no missed probe over 10 min under the stress", "daemon RSS ≤ 64 MiB at idle",
      "daemon thread count fixed at idle"]),
    ("## Two-SC failover", "## Two-SC failover (kernel campaign)",
     "Not measured yet: the kernel campaign (issue 10, `kernel-it/`) writes its two-SC failover figures here "
     "(time from a MAIN's failure to the new MAIN driving the clock, over its scenarios). No target of issue 15; "
     "reported as measured.", []),
]
TARGET_LINE = re.compile(r"<!-- target: (.*?) \| (.*?) \| (.*?) -->")


def section_of(text, mark):
    start = text.find("\n" + mark)
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    return text[start + 1:end + 1 if end >= 0 else len(text)].rstrip("\n") + "\n"


def placeholder(heading, text, names):
    lines = [heading, "", text, ""]
    lines += [f"<!-- target: {n} | not measured | not measured yet -->" for n in names]
    return "\n".join(lines) + "\n"


EXTERNAL_BEGIN = "<!-- targets of other runs: begin (regenerated from their sections) -->"
EXTERNAL_END = "<!-- targets of other runs: end -->"


def external_targets_table(sections):
    """The targets table of the sections other runs write, between markers so that it can be regenerated."""
    rows = []
    for sec in sections:
        for name, measured, verdict in TARGET_LINE.findall(sec):
            rows.append(f"| {name} | {measured} | {verdict} |")
    return "\n".join([EXTERNAL_BEGIN, "Measured by other runs (each section below says how and whether it was quiet):", "",
                      "| Target | Measured | Verdict |", "|---|---:|---|"] + rows + [EXTERNAL_END])


def refresh_external_targets(report):
    """After another run replaced its section: the table of other runs' targets, regenerated."""
    start, end = report.find(EXTERNAL_BEGIN), report.find(EXTERNAL_END)
    if start < 0 or end < 0:
        return report
    sections = [sec for sec in (section_of(report, mark) for mark, _, _, _ in EXTERNAL_SECTIONS) if sec]
    return report[:start] + external_targets_table(sections) + report[end + len(EXTERNAL_END):]


def keep_external_sections(out, text):
    """Carries each external section over from the old report (or puts its placeholder), before
    "## Reproduce", and adds their target lines to the targets table."""
    old = ""
    if os.path.exists(out):
        with open(out) as f:
            old = f.read()
    sections = []
    for mark, heading, text_if_missing, names in EXTERNAL_SECTIONS:
        kept = section_of(old, mark)
        sections.append(kept if kept else placeholder(heading, text_if_missing, names))
    text = text.replace(EXTERNAL_TARGETS_MARK, external_targets_table(sections))
    block = "\n".join(sec.rstrip("\n") + "\n" for sec in sections) + "\n"
    at = text.find("\n## Reproduce")
    return text[:at + 1] + block + text[at + 1:] if at >= 0 else text + "\n" + block


def keep_vm_section(out, text):
    """The former name, kept for callers: every external section is kept now."""
    return keep_external_sections(out, text)

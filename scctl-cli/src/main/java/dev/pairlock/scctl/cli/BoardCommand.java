package dev.pairlock.scctl.cli;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.SlotResult;
import dev.pairlock.scctl.text.FailedResult;
import dev.pairlock.scctl.text.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code scctl board}: what is in the chassis. */
@Command(name = "board", mixinStandardHelpOptions = true, description = "Board slots of the chassis.",
        subcommands = BoardCommand.Scan.class)
public final class BoardCommand {
    private BoardCommand() {
    }

    /**
     * The line on stderr behind a scan's exit status 1 (board scan, spll show): which slots failed and
     * where their errors are, printed after the table or document that holds them.
     */
    static FailedResult slotsFailed(Session s, List<Integer> failed, int of) {
        return new FailedResult(String.format("%d of %d slot%s failed (%s): %s", failed.size(), of, of == 1 ? "" : "s",
                String.join(", ", failed.stream().map(String::valueOf).toList()),
                s.json() ? "each one's \"error\" says why" : "the ERROR column says why (--json has the whole messages)"));
    }

    /** What one slot answered. */
    record SlotReport(Presence presence, SpllStatus spll) {
    }

    @Command(name = "scan", mixinStandardHelpOptions = true,
        header = "Read every slot's presence, ID and SPLL, all slots in parallel.",
            description = {"Read every slot's presence/ID and SPLL over its own bus, all slots in parallel, so a hung",
                "bus costs its timeout once instead of delaying every slot behind it. Exit status 1 if any slot failed,",
                "with a line on stderr naming them."},
            footer = {"", "Examples:", "  scctl board scan", "  scctl --sim-fault hang:3,7 board scan", "  scctl --json board scan"})
    static final class Scan extends Leaf {
        @Override
        int run(Session s) {
            ControllerHardware hw = s.hw();
            int slots = hw.boards().slotCount();
            PrintWriter err = s.err();
            boolean progress = !s.json() && s.terminal();
            List<SlotResult<SlotReport>> results = s.target().acrossSlots(s.sc(), slots, slot -> {
                Board b = hw.boards().board(slot);
                Presence p = b.presence();
                return new SlotReport(p, p.present() ? b.spll().status() : null);
            }, done -> {
                if (progress) {
                    int width = 30;
                    int filled = done * width / slots;
                    err.print("\rscanning [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + slots + " slots");
                    err.flush();
                }
            });
            if (progress) {
                err.println();
                err.flush();
            }
            Table t = new Table("SLOT", "PRESENT", "ID", "SPLL-INPUT", "LOCK", "TIME", "ERROR");
            List<Map<String, Object>> rows = new ArrayList<>();
            long longest = 0;
            long sum = 0;
            List<Integer> failed = new ArrayList<>();
            for (SlotResult<SlotReport> r : results) {
                longest = Math.max(longest, r.nanos());
                sum += r.nanos();
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("slot", r.slot());
                SlotReport rep = r.value();
                String err1 = r.error() == null ? null : r.error().getMessage();
                if (err1 != null) {
                    failed.add(r.slot());
                }
                boolean present = rep != null && rep.presence().present();
                j.put("present", rep == null ? null : present);
                j.put("id", present ? rep.presence().id() : null);
                j.put("spll_input", present ? rep.spll().input().name().toLowerCase() : null);
                j.put("locked", present ? rep.spll().locked() : null);
                j.put("time_ms", r.nanos() / 1e6);
                j.put("error", err1);
                rows.add(j);
                t.row(r.slot(), rep == null ? "?" : present ? "yes" : "no",
                        present ? String.format("0x%02x", rep.presence().id()) : "-",
                        present ? rep.spll().input() : "-",
                        present ? (rep.spll().locked() ? "locked" : "UNLOCKED") : "-",
                        String.format("%.1f ms", r.nanos() / 1e6), err1 == null ? "" : shortError(r.error()));
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sc", s.sc().name().toLowerCase());
            j.put("slots", rows);
            j.put("elapsed_ms", longest / 1e6);
            j.put("serial_ms", sum / 1e6);
            s.emit(j, t.render() + String.format("%d slots scanned by %s in %.1f ms in parallel (one bus after another: %.1f ms)",
                    slots, s.sc(), longest / 1e6, sum / 1e6));
            if (!failed.isEmpty()) {
                throw slotsFailed(s, failed, slots);
            }
            return 0;
        }

        /** The table keeps to one short cell; --json carries the full message with its remedy. */
        private static String shortError(Throwable t) {
            return switch (t) {
                case I2cTimeoutException e -> "bus timeout: bus hung?";
                case I2cNoAcknowledgeException e -> "no acknowledge";
                case I2cBusBusyException e -> "bus busy";
                case HalException e -> e.getMessage();
                default -> t.toString();
            };
        }
    }
}

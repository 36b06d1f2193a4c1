package dev.pairlock.scctl.cli;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.Refused;
import dev.pairlock.scctl.text.Table;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl spll}: each board's clock input. */
@Command(name = "spll", mixinStandardHelpOptions = true, description = "Board SPLLs: which SC's clock each board follows.",
        subcommands = {SpllCommand.Show.class, SpllCommand.Select.class})
public final class SpllCommand {
    private SpllCommand() {
    }

    static final class Inputs extends ArrayList<String> {
        Inputs() {
            super(List.of("sc0", "sc1"));
        }
    }

    static int slot(Session s, String text) {
        int count = s.hw().boards().slotCount();
        return Numbers.parse("board slot", text, 0, count - 1);
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        header = "Show every slot's SPLL input and lock (or one slot's).", description = "Every slot's SPLL input and lock (or one slot's).",
            footer = {"", "Examples:", "  scctl spll show", "  scctl spll show 3"})
    static final class Show extends Leaf {
        @Parameters(arity = "0..1", paramLabel = "SLOT", description = "one board slot (default: every slot)")
        String slotText;

        @Override
        int run(Session s) {
            ControllerHardware hw = s.hw();
            List<Integer> slots = new ArrayList<>();
            if (slotText != null) {
                slots.add(slot(s, slotText));
            } else {
                for (int i = 0; i < hw.boards().slotCount(); i++) {
                    slots.add(i);
                }
            }
            Table t = new Table("SLOT", "PRESENT", "INPUT", "LOCK", "DOMAIN", "ERROR");
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Integer> failed = new ArrayList<>();
            for (int slot : slots) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("slot", slot);
                try {
                    Board b = hw.boards().board(slot);
                    Presence p = b.presence();
                    SpllStatus st = p.present() ? b.spll().status() : null;
                    j.put("present", p.present());
                    j.put("input", st == null ? null : st.input().name().toLowerCase());
                    j.put("locked", st == null ? null : st.locked());
                    j.put("output_enabled", st == null ? null : st.outputEnabled());
                    j.put("error", null);
                    t.row(slot, p.present() ? "yes" : "no", st == null ? "-" : st.input(),
                            st == null ? "-" : st.locked() ? "locked" : "UNLOCKED",
                            st == null ? "-" : st.outputEnabled() ? "clocked" : "STOPPED", "");
                } catch (I2cException e) {
                    failed.add(slot);
                    j.put("present", null);
                    j.put("input", null);
                    j.put("locked", null);
                    j.put("output_enabled", null);
                    j.put("error", e.getMessage());
                    t.row(slot, "?", "-", "-", "-", e.getMessage());
                }
                rows.add(j);
            }
            s.emit(Map.of("slots", rows), t.render());
            if (!failed.isEmpty()) {
                throw BoardCommand.slotsFailed(s, failed, slots.size());
            }
            return 0;
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
        header = "Switch a board's SPLL to SC0's or SC1's clock, only while they are phase locked.",
            description = {"Switch a board's SPLL to SC0's or SC1's clock. Refuses while the two clocks are not phase",
                "locked, because switching then stops the board's domain; --force overrides with a warning."},
            footer = {"", "Examples:", "  scctl spll select -y 3 sc1", "  scctl spll select -y --force 3 sc0"})
    static final class Select extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;
        @Option(names = "--force", description = "switch even without phase lock (stops the board's domain)")
        boolean force;
        @Parameters(index = "0", paramLabel = "SLOT", description = "the board slot, 0..slots-1")
        String slotText;
        @Parameters(index = "1", paramLabel = "sc0|sc1", completionCandidates = dev.pairlock.scctl.cli.SpllCommand.Inputs.class,
                description = "whose clock the board follows")
        String inputText;

        @Override
        int run(Session s) {
            int slot = slot(s, slotText);
            ScId input;
            try {
                input = ScId.parse(inputText);
            } catch (IllegalArgumentException e) {
                throw new UsageException("SPLL input '" + inputText + "' is not sc0 or sc1");
            }
            ControllerHardware hw = s.hw();
            boolean locked = hw.gchip().phaseLocked();
            if (!locked && !force) {
                throw Refused.byScctl("switch slot " + slot + "'s SPLL to " + input, "the SC clocks are not"
                        + " phase locked, so the switch would stop the board's domain (check 'scctl clock show';"
                        + " --force switches anyway)", 1);
            }
            if (!locked) {
                s.err().println("scctl: WARNING: the SC clocks are not phase locked: switching slot " + slot
                        + " now stops its domain");
            }
            s.confirm(yes, "This switches board slot " + slot + "'s SPLL to " + input + "'s clock");
            Board b = hw.boards().board(slot);
            b.spll().select(input);
            SpllStatus st = b.spll().status();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("slot", slot);
            j.put("input", st.input().name().toLowerCase());
            j.put("locked", st.locked());
            j.put("output_enabled", st.outputEnabled());
            j.put("phase_locked_before", locked);
            s.emit(j, "slot " + slot + ": SPLL input " + st.input() + ", " + (st.locked() ? "locked" : "UNLOCKED"));
            return 0;
        }
    }
}

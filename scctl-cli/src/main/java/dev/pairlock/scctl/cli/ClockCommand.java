package dev.pairlock.scctl.cli;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.text.ReadbackMismatch;
import dev.pairlock.scctl.text.Table;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl clock}: the Gchips. */
@Command(name = "clock", mixinStandardHelpOptions = true, description = "The SC clocks: REF_SEL, phase lock and whether the peer's clock is seen.",
        subcommands = {ClockCommand.Show.class, ClockCommand.SetRefSel.class})
public final class ClockCommand {
    private ClockCommand() {
    }

    static final class Modes extends java.util.ArrayList<String> {
        Modes() {
            super(List.of("leader", "follower"));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        header = "Show both SCs' REF_SEL, phase lock and peer clock.",
            description = "REF_SEL (leader/follower), phase lock and peer clock presence of both SCs, where this machine can see them.",
            footer = {"", "Examples:", "  scctl clock show", "  scctl --json clock show"})
    static final class Show extends Leaf {
        @Override
        int run(Session s) {
            Table t = new Table("SC", "REF_SEL", "PHASE-LOCK", "PEER-CLOCK", "NOTE");
            List<Map<String, Object>> rows = new ArrayList<>();
            s.target();
            for (ScId sc : ScId.values()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("sc", sc.name().toLowerCase(Locale.ROOT));
                String note = sc == s.sc() ? "this view" : "";
                try {
                    Gchip g = s.target().controller(sc).gchip();
                    RefSel r = g.refSel();
                    boolean lock = g.phaseLocked();
                    boolean peerClock = g.peerClockPresent();
                    j.put("ref_sel", r.name().toLowerCase(Locale.ROOT));
                    j.put("phase_locked", lock);
                    j.put("peer_clock_present", peerClock);
                    j.put("error", null);
                    t.row(sc, r.name().toLowerCase(Locale.ROOT) + " (" + r.bit() + ")", lock ? "locked" : "NOT LOCKED",
                            peerClock ? "present" : "ABSENT", note);
                } catch (HalException | UsageException e) {
                    j.put("ref_sel", null);
                    j.put("phase_locked", null);
                    j.put("peer_clock_present", null);
                    j.put("error", e.getMessage());
                    t.row(sc, "-", "-", "-", e.getMessage());
                }
                rows.add(j);
            }
            s.emit(Map.of("controllers", rows), t.render());
            return 0;
        }
    }

    @Command(name = "set-refsel", mixinStandardHelpOptions = true,
        header = "Set this SC's REF_SEL to leader or follower.",
            description = {"Set this SC's REF_SEL: leader runs from the fixed reference, follower phase-locks to the peer.",
                "Both leaders or both followers lose phase lock after a while."},
            footer = {"", "REF_SEL is read back after the write: if it differs (the SC held in reset, a strap), exit status 1",
                "with where, both values and what to check on stderr ({\"ok\":false,...} under --json).",
                "", "Examples:", "  scctl clock set-refsel -y follower", "  scctl --sc sc1 clock set-refsel -y leader"})
    static final class SetRefSel extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;
        @Parameters(paramLabel = "leader|follower", completionCandidates = ClockCommand.Modes.class,
                description = "leader (REF_SEL=1, runs from its reference) or follower (REF_SEL=0, locks to the peer)")
        String modeText;

        @Override
        int run(Session s) {
            RefSel mode = switch (modeText.toLowerCase(Locale.ROOT)) {
                case "leader", "1" -> RefSel.LEADER;
                case "follower", "0" -> RefSel.FOLLOWER;
                default -> throw new UsageException("REF_SEL '" + modeText + "' is not leader or follower");
            };
            Gchip g = s.hw().gchip();
            s.confirm(yes, "This sets " + s.sc() + "'s REF_SEL to " + word(mode));
            g.setRefSel(mode);
            RefSel now = g.refSel();
            boolean locked = g.phaseLocked();
            if (now != mode) {
                throw mismatch(s, mode, now, locked);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sc", s.sc().name().toLowerCase(Locale.ROOT));
            j.put("ref_sel", word(now));
            j.put("phase_locked", locked);
            s.emit(j, s.sc() + ": REF_SEL " + word(now) + ", phase lock " + (locked ? "held" : "NOT held"));
            return 0;
        }

        /**
         * The Gchip did not take the write: which SC's chip, its window and REF_SEL's register and bit,
         * both values, and what keeps a REF_SEL write from landing (the SC in reset or off, a strap, a
         * platform file that names the wrong bit).
         */
        private static ReadbackMismatch mismatch(Session s, RefSel wrote, RefSel read, boolean locked) {
            BitField bit = s.target().gchipLayout().refSel();
            String device = s.target().registerWindow(s.sc(), "gchip").map(RegisterWindow::name).orElse("gchip");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("sc", s.sc().name().toLowerCase(Locale.ROOT));
            j.put("window", "gchip"); // as reg write and reg list name it: the window, then its device
            j.put("device", device);
            j.put("register", bit.offset());
            j.put("bit", bit.shift());
            j.put("written", word(wrote));
            j.put("readback", word(read));
            j.put("phase_locked", locked);
            boolean file = s.options().backend().equals("linux");
            return ReadbackMismatch.at(String.format("%s's REF_SEL (%s, register 0x%x bit %d)", s.sc(), device, bit.offset(),
                    bit.shift()), word(wrote) + " (" + wrote.bit() + ")", word(read) + " (" + read.bit() + ")", "is " + s.sc()
                    + " held in reset or powered off, or REF_SEL strapped" + (file ? ", or gchip.refsel of the platform file wrong" : "")
                    + "? check the board and 'scctl clock show', then retry", j);
        }

        private static String word(RefSel r) {
            return r.name().toLowerCase(Locale.ROOT);
        }
    }
}

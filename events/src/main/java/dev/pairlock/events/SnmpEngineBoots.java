package dev.pairlock.events;

import dev.pairlock.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * snmpEngineBoots (RFC 3414): how often this SNMP engine started. A v3 receiver remembers the highest
 * boots and time it saw per engine ID and rejects messages that go back in time, so after a restart
 * the count must be higher than before: it is kept in a file and counted up, durably, at each start.
 */
final class SnmpEngineBoots {
    private SnmpEngineBoots() {
    }

    /** Reads the count in {@code file} (0 if absent), stores count + 1 and returns it. */
    static int next(Path file) {
        int boots = 0;
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            boots = Integer.parseInt(text);
        } catch (NoSuchFileException e) {
            boots = 0;
        } catch (IOException | NumberFormatException e) {
            throw new SelException(file, "cannot read snmpEngineBoots (" + e.getMessage() + "): fix or delete the file"
                    + " (a v3 receiver may then refuse traps until it forgets this engine)", e instanceof IOException io ? io : null);
        }
        // RFC 3414: at 2147483647 the engine is stuck and needs new keys; stay there rather than wrap
        int next = boots >= Integer.MAX_VALUE - 1 ? Integer.MAX_VALUE : Math.max(1, boots + 1);
        try {
            AtomicFiles.write(file, (next + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SelException(file, "cannot store snmpEngineBoots (" + e.getMessage() + ")", e);
        }
        return next;
    }
}

package dev.pairlock.scctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gpio set -z's parent reads the detached child's stdout until it is ready: under --json the child's set
 * document comes first and is the call's one document, so it must reach the parent's stdout. (The whole
 * -z needs real GPIO chips: the simulator refuses it, kernel-it runs it.)
 */
class DaemonRelayTest {
    @Test
    void whatTheChildPrintsBeforeReadyReachesTheParentsStdout() throws Exception {
        String doc = "{\"chip\":\"gpiochip1\",\"active_low\":false,\"drive\":\"push-pull\",\"hold_ms\":0,\"lines\":[]}";
        List<String> out = new ArrayList<>();
        assertTrue(Daemon.relay(new BufferedReader(new StringReader(doc + "\nscctl-daemon-ready\nlater\n")), out::add));
        assertEquals(List.of(doc), out, "the document, and nothing the child might print after it is ready");
    }

    @Test
    void aChildThatEndsBeforeReadyIsNotReady() throws Exception {
        List<String> out = new ArrayList<>();
        assertFalse(Daemon.relay(new BufferedReader(new StringReader("")), out::add));
        assertEquals(List.of(), out);
    }
}

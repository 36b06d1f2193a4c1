package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pairlock.events.PairlockMib.Notification;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;
import org.snmp4j.smi.VariableBinding;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * etc/PAIRLOCK-MIB.txt passes {@code smilint -l 3} (libsmi, Debian {@code smitools}) with no message at
 * all, and says exactly what the code sends: every notification and object by name, OID and type, each
 * notification's OBJECTS in the order the code puts the varbinds, every enumeration value the code
 * uses. The SMIv2 base modules (SNMPv2-SMI, -TC, -CONF) come from Debian's {@code erlang-snmp}, the
 * one package of Debian main that ships them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MibTest {
    static final Path MIB = Path.of("..", "etc", "PAIRLOCK-MIB.txt").toAbsolutePath().normalize();

    record Scalar(String oid, String type, Map<Integer, String> enumeration) {
    }

    record NotificationType(String oid, List<String> objects) {
    }

    static final Map<String, Scalar> scalars = new LinkedHashMap<>();
    static final Map<String, NotificationType> notifications = new LinkedHashMap<>();

    static String smiPath() throws IOException {
        Path erlangLib = Path.of("/usr/lib/erlang/lib");
        if (Files.isDirectory(erlangLib)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(erlangLib, "snmp-*")) {
                for (Path p : ds) {
                    if (Files.exists(p.resolve("mibs/SNMPv2-SMI.mib"))) {
                        return ":" + p.resolve("mibs");
                    }
                }
            }
        }
        fail("the SMIv2 base modules (SNMPv2-SMI.mib) are missing: apt-get install smitools erlang-snmp"
                + " (.ci/run installs them)");
        return null;
    }

    static String run(String... cmd) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin", cmd[0]))) {
            fail("/usr/bin/" + cmd[0] + " is missing: apt-get install smitools (.ci/run installs it)");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SMIPATH", smiPath());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + text);
        return text;
    }

    @BeforeAll
    static void readMib() throws Exception {
        String xml = run("smidump", "-f", "xml", MIB.toString());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // smidump's XML names a DTD on the web: never fetch it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList ss = doc.getElementsByTagName("scalar");
        for (int i = 0; i < ss.getLength(); i++) {
            Element e = (Element) ss.item(i);
            Element syntax = (Element) e.getElementsByTagName("syntax").item(0);
            Element type = (Element) syntax.getElementsByTagName("type").item(0);
            Map<Integer, String> en = new LinkedHashMap<>();
            NodeList nn = syntax.getElementsByTagName("namednumber");
            for (int j = 0; j < nn.getLength(); j++) {
                Element n = (Element) nn.item(j);
                en.put(Integer.parseInt(n.getAttribute("number")), n.getAttribute("name"));
            }
            scalars.put(e.getAttribute("name"), new Scalar(e.getAttribute("oid"),
                    type != null ? type.getAttribute("name") : "Enumeration", en));
        }
        NodeList ns = doc.getElementsByTagName("notification");
        for (int i = 0; i < ns.getLength(); i++) {
            Element e = (Element) ns.item(i);
            List<String> objects = new ArrayList<>();
            NodeList os = e.getElementsByTagName("object");
            for (int j = 0; j < os.getLength(); j++) {
                objects.add(((Element) os.item(j)).getAttribute("name"));
            }
            notifications.put(e.getAttribute("name"), new NotificationType(e.getAttribute("oid"), objects));
        }
    }

    @Test
    void theMibPassesSmilintLevel3WithoutAMessage() throws Exception {
        assertEquals("", run("smilint", "-l", "3", MIB.toString()).strip());
    }

    @Test
    void theCodeSendsExactlyTheMibsNotifications() {
        Set<String> code = Arrays.stream(Notification.values()).map(Notification::mibName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(notifications.keySet()), code);
        for (Notification n : Notification.values()) {
            assertEquals(notifications.get(n.mibName()).oid(), n.oid(), n.mibName());
        }
        for (PairlockMib.Obj o : PairlockMib.Obj.values()) {
            Scalar s = scalars.get(o.mibName());
            assertEquals(s == null ? null : s.oid(), o.oid(), o.mibName());
        }
        assertEquals(PairlockMib.Obj.values().length, scalars.size(), "objects in the MIB: " + scalars.keySet());
    }

    @Test
    void eachTrapsVarbindsAreItsObjectsClauseInOrderWithTheMibsTypes() {
        Map<String, String> byOid = new LinkedHashMap<>();
        scalars.forEach((name, s) -> byOid.put(s.oid(), name));
        for (Notification n : Notification.values()) {
            SelRecord r = new SelRecord(9, Instant.now(), 0, ScId.SC0, Role.MAIN, 3, EventKind.CONDITION_FLAPPING,
                    Severity.WARNING, Map.of("transitions", "4", "active", "yes", "condition", "peer"));
            PDU pdu = new PDU();
            TrapSender.fill(pdu, n, r, 100);
            List<? extends VariableBinding> vbs = pdu.getVariableBindings();
            assertEquals(PairlockMib.SYS_UP_TIME_0, vbs.get(0).getOid().toDottedString());
            assertEquals(PairlockMib.SNMP_TRAP_OID_0, vbs.get(1).getOid().toDottedString());
            List<String> sent = new ArrayList<>();
            for (VariableBinding vb : vbs.subList(2, vbs.size())) {
                String name = byOid.get(vb.getOid().toDottedString());
                sent.add(name);
                String expected = switch (scalars.get(name).type()) {
                    case "Counter64" -> "Counter64";
                    case "Unsigned32" -> "Gauge"; // Unsigned32 and Gauge32 share one BER tag; SNMP4J names it so
                    case "DisplayString" -> "OCTET STRING";
                    case "Enumeration", "TruthValue" -> "Integer32";
                    default -> "unmapped MIB type " + scalars.get(name).type();
                };
                assertEquals(expected, vb.getVariable().getSyntaxString(), n.mibName() + " " + name);
            }
            assertEquals(notifications.get(n.mibName()).objects(), sent, n.mibName());
        }
    }

    @Test
    void everyEnumerationValueTheCodeSendsIsNamedInTheMib() {
        for (Role role : Role.values()) {
            String name = scalars.get("pairlockEventRole").enumeration().get(PairlockMib.roleValue(role));
            assertEquals(role.name().replace("_", "").toLowerCase(Locale.ROOT), name == null ? null : name.toLowerCase(Locale.ROOT));
        }
        for (Severity s : Severity.values()) {
            assertEquals(s.name().toLowerCase(Locale.ROOT),
                    scalars.get("pairlockEventSeverity").enumeration().get(PairlockMib.severityValue(s)));
        }
        for (ScId sc : ScId.values()) {
            assertEquals(sc.name().toLowerCase(Locale.ROOT), scalars.get("pairlockEventSc").enumeration().get(sc.index() + 1));
        }
    }
}

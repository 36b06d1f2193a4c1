package dev.pairlock.events;

import dev.pairlock.events.PairlockMib.Notification;
import dev.pairlock.events.PairlockMib.Obj;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Sends SNMPv2c and SNMPv3 (authPriv: HMAC-SHA-256 + AES-128) traps through SNMP4J to every configured
 * receiver. One thread does the sending, so a slow name lookup never delays the caller. Each instance
 * has its own SNMP4J message dispatcher, security models and USM (none of SNMP4J's global singletons),
 * its engine ID from the configuration and snmpEngineBoots counted up in a file per start.
 */
public final class TrapSender implements TrapSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrapSender.class);
    /** DisplayString: at most 255 octets of NVT ASCII. */
    static final int DISPLAY_MAX = 255;

    private final SnmpConfig cfg;
    private final Clock mono;
    private final long startNanos;
    private final Snmp snmp;
    private final ExecutorService sender;
    private final int engineBoots;
    private volatile long sent;
    private volatile long failures;

    /** Opens a UDP socket on an ephemeral port and prepares the USM; counts snmpEngineBoots up. */
    public TrapSender(SnmpConfig cfg, Clock mono) throws IOException {
        this.cfg = cfg;
        this.mono = mono;
        this.startNanos = mono.nanos();
        // only a v3 engine needs boots; with no v3 receiver nothing is written
        boolean v3 = cfg.receivers().stream().anyMatch(r -> r.version() == SnmpConfig.Version.V3);
        this.engineBoots = v3 ? SnmpEngineBoots.next(cfg.bootsFile()) : 0;
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addPrivacyProtocol(new PrivAES128());
        OctetString engineId = new OctetString(cfg.engineId());
        USM usm = new USM(protocols, engineId, engineBoots);
        SecurityModels models = new SecurityModels();
        models.addSecurityModel(usm);
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(cfg.engineId(), null, protocols, models, CounterSupport.getInstance()));
        for (SnmpConfig.Receiver r : cfg.receivers()) {
            if (r.version() == SnmpConfig.Version.V3) {
                OctetString user = new OctetString(r.user());
                usm.addUser(user, engineId, new UsmUser(user, AuthHMAC192SHA256.ID, new OctetString(r.authPassphrase()),
                        PrivAES128.ID, new OctetString(r.privPassphrase())));
            }
        }
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(new UdpAddress(InetAddress.getByName("0.0.0.0"), 0));
        this.snmp = new Snmp(dispatcher, transport);
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pairlock-trap-sender");
            t.setDaemon(true);
            return t;
        });
    }

    public int engineBoots() {
        return engineBoots;
    }

    /** Traps handed to the socket, and sends that failed (name lookup, socket error), since start. */
    public long sent() {
        return sent;
    }

    public long failures() {
        return failures;
    }

    @Override
    public void send(Notification n, SelRecord record) {
        if (cfg.receivers().isEmpty()) {
            return;
        }
        long uptimeCentis = (mono.nanos() - startNanos) / 10_000_000L;
        sender.execute(() -> {
            for (SnmpConfig.Receiver r : cfg.receivers()) {
                try {
                    Target<UdpAddress> target = target(r);
                    PDU pdu = r.version() == SnmpConfig.Version.V3 ? new ScopedPDU() : new PDU();
                    pdu.setType(PDU.TRAP);
                    fill(pdu, n, record, uptimeCentis);
                    snmp.send(pdu, target);
                    sent++;
                } catch (IOException | RuntimeException e) {
                    failures++;
                    LOG.warn("trap {} (SEL {}) to receiver {} failed: {}", n.mibName(), record.seq(), r, e.toString());
                }
            }
        });
    }

    private Target<UdpAddress> target(SnmpConfig.Receiver r) throws IOException {
        UdpAddress address = new UdpAddress(InetAddress.getByName(r.host()), r.port());
        if (r.version() == SnmpConfig.Version.V2C) {
            CommunityTarget<UdpAddress> t = new CommunityTarget<>(address, new OctetString(r.community()));
            t.setVersion(SnmpConstants.version2c);
            return t;
        }
        UserTarget<UdpAddress> t = new UserTarget<>(address, new OctetString(r.user()), cfg.engineId(),
                SecurityLevel.AUTH_PRIV);
        t.setVersion(SnmpConstants.version3);
        return t;
    }

    /** The varbinds of {@code n} for {@code r}, in the order of the MIB's OBJECTS clause. */
    static void fill(PDU pdu, Notification n, SelRecord r, long uptimeCentis) {
        pdu.add(new VariableBinding(new OID(PairlockMib.SYS_UP_TIME_0), new TimeTicks(uptimeCentis & 0xffffffffL)));
        pdu.add(new VariableBinding(new OID(PairlockMib.SNMP_TRAP_OID_0), new OID(n.oid())));
        pdu.add(vb(Obj.SEQUENCE, new Counter64(Math.max(0, r.seq()))));
        pdu.add(vb(Obj.SC, new Integer32(r.sc().index() + 1)));
        pdu.add(vb(Obj.ROLE, new Integer32(PairlockMib.roleValue(r.role()))));
        pdu.add(vb(Obj.EPOCH, new Counter64(Math.max(0, r.epoch()))));
        pdu.add(vb(Obj.SEVERITY, new Integer32(PairlockMib.severityValue(r.severity()))));
        pdu.add(vb(Obj.KIND, display(r.kindName())));
        pdu.add(vb(Obj.SUBJECT, display(TrapCatalog.subject(r))));
        pdu.add(vb(Obj.CAUSE, display(r.field("cause"))));
        pdu.add(vb(Obj.TEXT, display(text(r))));
        if (n == Notification.CONDITION_FLAPPING) {
            long transitions;
            try {
                transitions = Long.parseLong(r.field("transitions"));
            } catch (NumberFormatException e) {
                transitions = 0;
            }
            pdu.add(vb(Obj.TRANSITIONS, new UnsignedInteger32(Math.min(transitions, 0xffffffffL))));
            pdu.add(vb(Obj.ACTIVE, new Integer32(r.field("active").equals("yes") ? 1 : 2))); // TruthValue
        }
    }

    private static VariableBinding vb(Obj o, org.snmp4j.smi.Variable v) {
        return new VariableBinding(new OID(o.oid()), v);
    }

    /** The record's fields as {@code key=value} pairs, the way pairlockEventText carries them. */
    static String text(SelRecord r) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** A DisplayString: NVT ASCII (others become '?', control characters ' '), at most 255 octets. */
    static OctetString display(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), DISPLAY_MAX));
        for (int i = 0; i < s.length() && b.length() < DISPLAY_MAX; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c > 0x7e ? '?' : c);
        }
        return new OctetString(b.toString());
    }

    /** Sends what is queued (waiting at most 5 s), then closes the socket. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            snmp.close();
        } catch (IOException e) {
            LOG.warn("closing the SNMP socket: {}", e.toString());
        }
    }
}

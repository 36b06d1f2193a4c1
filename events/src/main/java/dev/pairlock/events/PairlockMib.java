package dev.pairlock.events;

/**
 * The object identifiers of {@code etc/PAIRLOCK-MIB.txt}, exactly: a test compares every one of them
 * with what {@code smidump} reads from the MIB file, and that the file passes {@code smilint -l 3}.
 */
public final class PairlockMib {
    /**
     * {@code pairlockMIB}: {@code enterprises.32473.7}. 32473 is the enterprise number RFC 5612
     * reserves for documentation and examples; a vendor shipping pairlock puts its own here and in the
     * MIB's {@code rfc5612Documentation} line.
     */
    public static final String ENTERPRISE = "1.3.6.1.4.1.32473.7";
    public static final String NOTIFICATIONS = ENTERPRISE + ".0";
    public static final String OBJECTS = ENTERPRISE + ".1";
    /** SNMPv2-MIB's sysUpTime.0 and snmpTrapOID.0: the first two varbinds of every SNMPv2 trap. */
    public static final String SYS_UP_TIME_0 = "1.3.6.1.2.1.1.3.0";
    public static final String SNMP_TRAP_OID_0 = "1.3.6.1.6.3.1.1.4.1.0";

    private PairlockMib() {
    }

    /** The NOTIFICATION-TYPEs. */
    public enum Notification {
        BECAME_MAIN("pairlockBecameMain", 1),
        BECAME_SPARE("pairlockBecameSpare", 2),
        FAILOVER("pairlockFailover", 3),
        LOCAL_FAULT("pairlockLocalFault", 4),
        LOCAL_FAULT_CLEARED("pairlockLocalFaultCleared", 5),
        PEER_LOST("pairlockPeerLost", 6),
        PEER_REPAIRED("pairlockPeerRepaired", 7),
        SYNC_FAILED("pairlockSyncFailed", 8),
        SYNC_CLEARED("pairlockSyncCleared", 9),
        BOARD_UNREACHABLE("pairlockBoardUnreachable", 10),
        BOARD_REPAIRED("pairlockBoardRepaired", 11),
        SERVICE_STARTED("pairlockServiceStarted", 12),
        SERVICE_FAILED("pairlockServiceFailed", 13),
        SERVICE_RESTARTED("pairlockServiceRestarted", 14),
        SERVICE_EXHAUSTED("pairlockServiceExhausted", 15),
        SERVICE_EXHAUSTED_CLEARED("pairlockServiceExhaustedCleared", 16),
        FAILFAST("pairlockFailfast", 17),
        CONDITION_FLAPPING("pairlockConditionFlapping", 18);

        private final String mibName;
        private final int arc;

        Notification(String mibName, int arc) {
            this.mibName = mibName;
            this.arc = arc;
        }

        public String mibName() {
            return mibName;
        }

        public String oid() {
            return NOTIFICATIONS + "." + arc;
        }
    }

    /** The objects the notifications carry (OBJECT-TYPEs, accessible-for-notify). */
    public enum Obj {
        SEQUENCE("pairlockEventSequence", 1),
        SC("pairlockEventSc", 2),
        ROLE("pairlockEventRole", 3),
        EPOCH("pairlockEventEpoch", 4),
        SEVERITY("pairlockEventSeverity", 5),
        KIND("pairlockEventKind", 6),
        SUBJECT("pairlockEventSubject", 7),
        CAUSE("pairlockEventCause", 8),
        TEXT("pairlockEventText", 9),
        TRANSITIONS("pairlockConditionTransitions", 10),
        ACTIVE("pairlockConditionActive", 11);

        private final String mibName;
        private final int arc;

        Obj(String mibName, int arc) {
            this.mibName = mibName;
            this.arc = arc;
        }

        public String mibName() {
            return mibName;
        }

        public String oid() {
            return OBJECTS + "." + arc;
        }
    }

    /** pairlockEventRole's enumeration: unknown(1) spare(2) becomingMain(3) main(4) halted(5). */
    public static int roleValue(dev.pairlock.failover.Role role) {
        return switch (role) {
            case UNKNOWN -> 1;
            case SPARE -> 2;
            case BECOMING_MAIN -> 3;
            case MAIN -> 4;
            case HALTED -> 5;
        };
    }

    /** pairlockEventSeverity's enumeration: info(1) notice(2) warning(3) critical(4). */
    public static int severityValue(Severity s) {
        return switch (s) {
            case INFO -> 1;
            case NOTICE -> 2;
            case WARNING -> 3;
            case CRITICAL -> 4;
        };
    }
}

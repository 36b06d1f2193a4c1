package dev.pairlock.failover;

/**
 * One entry of the health log (the SEL): what happened, when, in which epoch, and what it is about.
 *
 * @param detail what the event names: the new role, the signal, the refusal's reason, the slot, ...
 *               ({@link Detail#NONE} when the kind says it all)
 */
public record HealthEvent(long timeNanos, Kind kind, long epoch, Detail detail) {
    public HealthEvent {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(detail, "detail");
    }

    public enum Kind {
        ROLE_CHANGE("role changed"),
        DEAD_MAIN_TAKEOVER("a claim went past a peer it could not confirm: if that peer was MAIN, it was replaced"),
        TAKEOVER_WHILE_NOT_IN_SYNC("a dead MAIN (its clock gone) was replaced while priority-1 data was not in sync"),
        TAKEOVER_DEFERRED("the peer may be a MAIN we cannot see (its clock runs) and priority-1 data is not known to be in"
                + " sync: no takeover until it is, the peer speaks, or its clock goes"),
        PEER_FENCED("the peer was held in reset (fence)"),
        PEER_RELEASED("the peer's reset was released so it reboots as SPARE"),
        LOCAL_FAULT("every signal failed on our own side: no takeover"),
        SIGNAL_FAILED("a signal to the peer failed"),
        SIGNAL_REPAIRED("a signal to the peer was repaired"),
        FAILOVER_DISABLED_PEER_DEAD("the MAIN is dead but failover is off: not taking over"),
        SWITCHOVER_STARTED("planned switchover started"),
        SWITCHOVER_REFUSED("planned switchover refused"),
        LEASE_LAPSED("MAIN lease lapsed: self-fenced (failfast)"),
        BOARD_ERROR("a board slot did not answer"),
        BOARD_REPAIRED("a board slot that did not answer answers again"),
        SYNC_CHANGED("priority-1 sync status changed"),
        FAILOVER_MODE("the pair-wide failover setting changed (by an operator here or on the peer, or after a failover)"),
        BAD_FRAME("a peer frame could not be decoded"),
        HEALTH_HANDOVER("the SPARE reaches clearly more boards than this MAIN: handing over by a planned switchover");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** "SIGNAL_FAILED peer link", "ROLE_CHANGE MAIN", "PEER_FENCED": the kind and what it names. */
    public String describe() {
        String d = detail.describe();
        return d.isEmpty() ? kind.name() : kind.name() + " " + d;
    }

    /** What a health event is about; each kind carries one sort (see the factory methods' users). */
    public sealed interface Detail permits Detail.Nothing, Detail.NewRole, Detail.Slot, Detail.Priority1,
            Detail.Takeover, Detail.Reach, Detail.Deferral, Signal, SwitchoverRefusal, FailoverSetting {
        /** Words for a log line; empty when there is nothing to add to the kind. */
        String describe();

        Detail NONE = Nothing.NOTHING;

        static Detail role(Role role) {
            return NewRole.OF[role.ordinal()];
        }

        static Detail slot(int slot) {
            return new Slot(slot);
        }

        static Detail priority1(boolean inSync) {
            return inSync ? Priority1.IN_SYNC : Priority1.NOT_IN_SYNC;
        }

        enum Nothing implements Detail {
            NOTHING;

            @Override
            public String describe() {
                return "";
            }
        }

        /** ROLE_CHANGE: the role entered. */
        record NewRole(Role role) implements Detail {
            private static final NewRole[] OF = java.util.Arrays.stream(Role.values()).map(NewRole::new)
                    .toArray(NewRole[]::new);

            @Override
            public String describe() {
                return role.name();
            }
        }

        /** HEALTH_HANDOVER: present boards each SC reaches over its own buses. */
        record Reach(int ours, int peers) implements Detail {
            @Override
            public String describe() {
                return "we reach " + ours + " boards, the peer " + peers;
            }
        }

        /** BOARD_ERROR: the slot that did not answer; BOARD_REPAIRED: the slot that answers again. */
        record Slot(int slot) implements Detail {
            @Override
            public String describe() {
                return "slot " + slot;
            }
        }

        /**
         * TAKEOVER_DEFERRED: what is known, no more — the peer's clock runs in every case (S5 asks only
         * then), but whether it was ever MAIN, and why the data is not known to be in sync, differ: a
         * just-started SC whose engine has not spoken yet (no MAIN need ever have existed) is not a
         * SPARE whose MAIN went silent with sync lost.
         */
        record Deferral(Peer peer, boolean engineSpoke) implements Detail {
            public Deferral {
                java.util.Objects.requireNonNull(peer, "peer");
            }

            /** What we last knew of the peer. */
            public enum Peer {
                /** Its last frame said MAIN (or claiming), and it has gone silent. */
                SILENT_MAIN("the MAIN went silent"),
                /** Nothing heard since our start. */
                NOT_HEARD("nothing heard from the peer since our start"),
                /** Heard undecided or SPARE, but not now, or on a link too slow to rule out an unseen MAIN. */
                UNCONFIRMED("the peer is not confirmed undecided or SPARE");

                private final String words;

                Peer(String words) {
                    this.words = words;
                }
            }

            @Override
            public String describe() {
                return peer.words + " (its clock runs), " + (engineSpoke ? "priority-1 not in sync"
                        : "no word from the sync engine yet");
            }
        }

        /** DEAD_MAIN_TAKEOVER: what made the claimant go past the peer, and priority-1 sync then. */
        record Takeover(Evidence evidence, boolean priority1InSync) implements Detail {
            public Takeover {
                java.util.Objects.requireNonNull(evidence, "evidence");
            }

            /** Why the peer counted as gone. */
            public enum Evidence {
                /** It was MAIN (or claiming) and both signals went silent: seen dead, maybe only cut off. */
                SEEN_DEAD("the MAIN was silent on both signals"),
                /** Our Gchip lost its clock: it is powered off, certainly dead. */
                CLOCK_ABSENT("the peer's clock is gone (powered off)"),
                /** Nothing heard from it for an FDT or since our boot: it may be a MAIN we cannot see. */
                NOT_HEARD("nothing heard from the peer");

                private final String words;

                Evidence(String words) {
                    this.words = words;
                }

                public String describe() {
                    return words;
                }
            }

            @Override
            public String describe() {
                return evidence.describe() + ", priority-1 " + (priority1InSync ? "in sync" : "not in sync");
            }
        }

        /** SYNC_CHANGED: priority-1 data sync. */
        enum Priority1 implements Detail {
            IN_SYNC("priority-1 in sync"), NOT_IN_SYNC("priority-1 not in sync");

            private final String words;

            Priority1(String words) {
                this.words = words;
            }

            public boolean inSync() {
                return this == IN_SYNC;
            }

            @Override
            public String describe() {
                return words;
            }
        }
    }
}

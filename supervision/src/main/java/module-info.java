/** Supervised services of one SC: started with the MAIN role, restarted up to a count, failfast. */
module dev.pairlock.supervision {
    requires transitive dev.pairlock.events;
    requires dev.pairlock.libc;
    requires org.slf4j;
    exports dev.pairlock.supervision;
}

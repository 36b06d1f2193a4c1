/** Memory-mapped device registers and the Gchip (REF_SEL, phase lock) over them. */
module dev.pairlock.clockregs {
    requires transitive dev.pairlock.hal;
    requires dev.pairlock.libc;
    exports dev.pairlock.clockregs;
}

/** Build-time helpers of the installable image: the man pages from scctl's command tree. */
module dev.pairlock.packaging {
    requires dev.pairlock.scctl;
    requires info.picocli;
    requires picocli.codegen;
}

/** The platform file grammar, strict value parsing, the pair key and durable small files. JDK only. */
module dev.pairlock.config {
    exports dev.pairlock.config;
}

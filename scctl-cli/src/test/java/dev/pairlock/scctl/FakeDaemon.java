package dev.pairlock.scctl;

import dev.pairlock.control.ControlServer;
import dev.pairlock.control.HandlerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A pairlockd as scctl sees it: a control socket in a temporary directory answering with the handlers
 * a test gives, and the platform file that points scctl at it. (The real daemon against scctl:
 * daemon/'s ScctlAgainstDaemonTest.)
 */
final class FakeDaemon implements AutoCloseable {
    private final ControlServer server;
    private final Path config;

    private FakeDaemon(ControlServer server, Path config) {
        this.server = server;
        this.config = config;
    }

    /** The platform file for SC0 in {@code dir}, with its state (and so its SEL) under {@code dir/state}. */
    static Path platformFile(Path dir) throws IOException {
        Path f = dir.resolve("sc0.conf");
        Files.writeString(f, "sc = sc0\ncontrol.socket = " + dir.resolve("control.sock") + "\nstate.dir = " + dir.resolve("state") + "\n");
        return f;
    }

    static FakeDaemon start(Path dir, HandlerRegistry handlers) throws IOException {
        Path conf = platformFile(dir);
        return new FakeDaemon(ControlServer.start(dir.resolve("control.sock"), Optional.empty(), handlers), conf);
    }

    /** {@code --backend linux --config FILE} then {@code args}. */
    String[] args(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--backend";
        all[1] = "linux";
        all[2] = "--config";
        all[3] = config.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return all;
    }

    @Override
    public void close() {
        server.close();
    }
}

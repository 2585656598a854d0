package dev.scatter.sim.server;

import dev.scatter.sim.SimConfig;

import java.nio.file.Path;

/**
 * Entry point of a detached server: {@code java -cp … dev.scatter.sim.server.SimServerMain
 * --state-dir DIR}; the configuration is read from {@code DIR/config.properties}.
 */
public final class SimServerMain {

    private SimServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--state-dir") && i + 1 < args.length) {
                stateDir = Path.of(args[++i]);
            }
        }
        if (stateDir == null) {
            System.err.println("usage: SimServerMain --state-dir DIR");
            System.exit(2);
        }
        SimConfig config = SimConfig.load(stateDir.resolve("config.properties"));
        SimServer server = SimServer.start(config, stateDir);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("scatter simulator (" + config.scheduler() + ") listening on 127.0.0.1:" + server.port());
        server.awaitStop();
        System.out.println("scatter simulator stopped");
    }
}

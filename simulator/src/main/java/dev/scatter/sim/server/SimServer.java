package dev.scatter.sim.server;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.dialect.NeedsStdin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated cluster reachable as real commands: listens on 127.0.0.1 (port chosen by the OS,
 * written to {@code <stateDir>/port}) and answers the client scripts in {@code <stateDir>/bin}.
 *
 * <p>State directory layout: {@code port}, {@code pid}, {@code config.properties},
 * {@code bin/<program>}, {@code spool/} (job scripts and staged output while jobs run).
 */
public final class SimServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimServer.class.getName());
    static final String PING = "__ping__";
    static final String STOP = "__stop__";

    private final Simulator simulator;
    private final Path stateDir;
    private final ServerSocket socket;
    private final ExecutorService connections;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private SimServer(Simulator simulator, Path stateDir, ServerSocket socket) {
        this.simulator = simulator;
        this.stateDir = stateDir;
        this.socket = socket;
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scatter-sim-connection");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a cluster and its server in this JVM. Job spool files go to
     * {@code <stateDir>/spool} unless the configuration names another spool directory.
     */
    public static SimServer start(SimConfig config, Path stateDir) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        Files.createDirectories(dir);
        config.store(dir.resolve("config.properties"));
        Simulator simulator = Simulator.start(config);
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SimServer server = new SimServer(simulator, dir, socket);
        ClientScripts.write(dir, simulator.programs());
        writeAtomically(dir.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
        writeAtomically(dir.resolve("port"), Integer.toString(socket.getLocalPort()));
        Thread acceptor = new Thread(server::acceptLoop, "scatter-sim-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    public Simulator simulator() { return simulator; }
    public int port() { return socket.getLocalPort(); }
    public Path stateDir() { return stateDir; }
    /** The directory to put first on PATH. */
    public Path binDir() { return stateDir.resolve("bin"); }

    /** Blocks until a client asked the server to stop (or {@link #close()} ran). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = socket.accept();
                connections.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream());
             OutputStream out = new BufferedOutputStream(s.getOutputStream())) {
            if (!WireFormat.field(in).equals(WireFormat.MAGIC)) {
                WireFormat.reply(out, 1, "", "scatter simulator: unknown protocol\n");
                return;
            }
            String program = WireFormat.field(in);
            Path cwd = Path.of(WireFormat.field(in));
            int argc = Integer.parseInt(WireFormat.field(in));
            List<String> argv = new ArrayList<>();
            argv.add(program);
            for (int i = 0; i < argc; i++) {
                argv.add(WireFormat.field(in));
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry = WireFormat.field(in); !entry.isEmpty(); entry = WireFormat.field(in)) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            if (program.equals(PING)) {
                WireFormat.reply(out, 0, simulator.config().scheduler().name() + "\n", "");
                return;
            }
            if (program.equals(STOP)) {
                WireFormat.reply(out, 0, "", "");
                out.flush();
                close();
                return;
            }
            // a client's environment is complete: the job gets exactly what the user had
            Invocation inv = new Invocation(argv, cwd, env, null);
            Reply reply;
            try {
                reply = simulator.run(inv);
            } catch (NeedsStdin needs) {
                out.write(WireFormat.NEED_STDIN.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int length = Integer.parseInt(WireFormat.field(in).trim());
                String stdin = new String(WireFormat.bytes(in, length), StandardCharsets.UTF_8);
                reply = simulator.run(inv.withStdin(stdin));
            }
            WireFormat.reply(out, reply.exitCode(), reply.stdout(), reply.stderr());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "request failed", e);
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(stateDir.resolve("port"));
            Files.deleteIfExists(stateDir.resolve("pid"));
        } catch (IOException e) {
            // a stale port file only makes clients say "cannot reach"
        }
        simulator.close();
        connections.shutdown();
        stopped.countDown();
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

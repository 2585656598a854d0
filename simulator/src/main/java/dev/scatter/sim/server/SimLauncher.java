package dev.scatter.sim.server;

import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts, finds and stops a detached simulator server: what {@code scatter sim start|stop|status}
 * calls. The server is a separate JVM ({@code java -cp <this classpath>
 * dev.scatter.sim.server.SimServerMain}) that outlives its launcher; its log is
 * {@code <stateDir>/server.log}.
 */
public final class SimLauncher {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private SimLauncher() {
    }

    /** Spawns a server with this JVM's java and classpath; returns the directory to put on PATH. */
    public static Path startDetached(SimConfig config, Path stateDir) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return startDetached(config, stateDir, List.of(java, "-cp", System.getProperty("java.class.path")));
    }

    /**
     * Spawns a server with a given java command prefix (e.g. {@code [java, -cp, jars]}, for a
     * caller whose own classpath does not hold the simulator) and waits until it answers.
     */
    public static Path startDetached(SimConfig config, Path stateDir, List<String> javaCommand) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        SimStatus before = status(dir);
        if (before.running()) {
            throw new IOException("a simulator already runs for " + dir + " (pid " + before.pid() + ", port " + before.port() + ")");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("port"));
        config.store(dir.resolve("config.properties"));
        List<String> cmd = new ArrayList<>();
        Optional<Path> setsid = findSetsid();
        // a session of its own: the server survives the terminal (and the CLI) that started it
        setsid.ifPresent(p -> cmd.add(p.toString()));
        cmd.addAll(javaCommand);
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "dev.scatter.sim.server.SimServerMain", "--state-dir", dir.toString()));
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (status(dir).running()) {
                return dir.resolve("bin");
            }
            if (!server.isAlive() && server.exitValue() != 0 && !status(dir).running()) {
                // the server failed (setsid execs it; a setsid that forked would have exited 0): no point waiting
                throw new IOException("the simulator exited with status " + server.exitValue() + " at start; log:\n"
                        + (Files.exists(log) ? Files.readString(log) : "(no log)"));
            }
            sleep(100);
        }
        String tail = Files.exists(log) ? Files.readString(log) : "(no log)";
        throw new IOException("the simulator did not start within " + START_TIMEOUT.toSeconds() + " s; log:\n" + tail);
    }

    /** Asks the server to stop and waits for its process to end. True if one was running. */
    public static boolean stop(Path stateDir) throws IOException {
        Path dir = stateDir.toAbsolutePath();
        SimStatus s = status(dir);
        if (!s.running()) {
            return false;
        }
        request(s.port(), SimServer.STOP);
        Optional<ProcessHandle> process = ProcessHandle.of(s.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (process.isPresent() && process.get().isAlive() && process.get().pid() != ProcessHandle.current().pid()) {
            process.get().destroy();
        }
        return true;
    }

    /** Reads the port and pid files and pings the server. */
    public static SimStatus status(Path stateDir) {
        Path dir = stateDir.toAbsolutePath();
        Path bin = dir.resolve("bin");
        try {
            int port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
            long pid = Files.exists(dir.resolve("pid")) ? Long.parseLong(Files.readString(dir.resolve("pid")).trim()) : 0;
            String answer = request(port, SimServer.PING).trim();
            return new SimStatus(true, port, pid, Scheduler.valueOf(answer), bin);
        } catch (IOException | RuntimeException e) {
            return new SimStatus(false, 0, 0, null, bin);
        }
    }

    /** One request over the wire format, with no arguments; returns the server's stdout. */
    static String request(int port, String program) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            String req = WireFormat.MAGIC + "\0" + program + "\0/\0" + "0\0\0";
            out.write(req.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("no answer");
                }
                header.write(b);
            }
            String[] h = header.toString(StandardCharsets.US_ASCII).split(" ");
            byte[] body = in.readNBytes(Integer.parseInt(h[1]));
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Optional<Path> findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.scatter.core.remote;

import dev.scatter.core.spi.ProcessCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster through the system's OpenSSH client, so that everything the user's own {@code ssh}
 * does works the same: {@code ~/.ssh/config}, {@code ProxyJump}, agents, Kerberos, a site's
 * one-time-password prompt (on the terminal, as ssh asks it). Every call shares one connection
 * ({@code ControlMaster=auto}): the first one authenticates and leaves a master behind for
 * {@link #PERSIST} ({@code ControlPersist}), so a session of scatter commands logs in once, and a
 * command costs one round trip on an open connection rather than a handshake.
 *
 * <p>ssh's own failures exit 255 (ssh(1): "ssh exits with the exit status of the remote command or
 * with 255 if an error occurred"): they become {@link RemoteShell.Unreachable}, one line saying what
 * to run by hand.
 */
public final class SshShell implements RemoteShell {

    /** How long the shared connection outlives the last command: a session of commands, not a login. */
    public static final String PERSIST = "10m";
    private static final int SSH_FAILED = 255;

    private final String destination;
    private final Options options;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * How to call ssh, from the environment (core reads no environment of its own).
     *
     * @param program     the ssh program ({@code SCATTER_SSH}, else {@code ssh})
     * @param config      an ssh configuration file instead of the user's ({@code SCATTER_SSH_CONFIG})
     * @param controlDir  where the shared connection's socket lives ({@code SCATTER_SSH_CONTROL_DIR}, else {@code ~/.ssh})
     * @param interactive whether ssh may ask for a password or code on the terminal; without one, ssh
     *                    runs in batch mode and fails at once instead of waiting for an answer nobody gives
     */
    public record Options(String program, Optional<Path> config, Path controlDir, boolean interactive) {

        public static Options from(Map<String, String> env, boolean interactive) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return new Options(env.getOrDefault("SCATTER_SSH", "ssh"),
                    Optional.ofNullable(env.get("SCATTER_SSH_CONFIG")).filter(s -> !s.isBlank()).map(Path::of),
                    Path.of(env.getOrDefault("SCATTER_SSH_CONTROL_DIR", home + "/.ssh")), interactive);
        }
    }

    public SshShell(String destination, Options options) {
        this.destination = destination;
        this.options = options;
    }

    /**
     * The ssh command line up to the destination: the user's configuration plus the shared
     * connection; {@code batch}: no prompt (no terminal to answer it).
     */
    private List<String> sshArgv(boolean batch) {
        List<String> argv = new ArrayList<>(List.of(options.program()));
        options.config().ifPresent(c -> argv.addAll(List.of("-F", c.toString())));
        argv.addAll(List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + options.controlDir() + "/scatter-%C",
                "-o", "ControlPersist=" + PERSIST, "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"));
        if (batch) {
            argv.addAll(List.of("-o", "BatchMode=yes"));
        }
        return argv;
    }

    /** What a user runs by hand to open the shared connection with a prompt, then run scatter again. */
    public String loginCommand() {
        List<String> argv = sshArgv(false);
        argv.addAll(List.of(destination, "true"));
        return String.join(" ", argv.stream().map(dev.scatter.core.io.ShellQuote::quote).toList());
    }

    public String destination() {
        return destination;
    }

    @Override
    public Exit exec(String commandLine, Stdin stdin, Stdout stdout, Duration timeout) throws IOException, InterruptedException {
        calls.incrementAndGet();
        try {
            java.nio.file.Files.createDirectories(options.controlDir());
        } catch (IOException e) {
            throw new IOException("cannot create " + options.controlDir() + " for ssh's shared connection: " + e.getMessage(), e);
        }
        List<String> argv = sshArgv(!options.interactive());
        argv.addAll(List.of(destination, "--", commandLine));
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + options.program() + " (the OpenSSH client): " + e.getMessage()
                    + "; install it, or name it with SCATTER_SSH", e);
        }
        CompletableFuture<byte[]> err = ProcessCommandRunner.drain(process.getErrorStream());
        // reading stdout blocks until the command ends: a watchdog ends a connection that hangs
        CompletableFuture<Boolean> killed = new CompletableFuture<Boolean>()
                .completeOnTimeout(true, timeout.toMillis(), TimeUnit.MILLISECONDS);
        killed.thenAccept(k -> {
            if (k) {
                process.destroyForcibly();
            }
        });
        java.util.concurrent.atomic.AtomicReference<IOException> sendFailed = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
            PipeToSsh pipe = new PipeToSsh(process.getOutputStream());
            try (pipe) {
                stdin.writeTo(pipe);
            } catch (IOException e) {
                if (!pipe.broken) {
                    sendFailed.set(e);   // what was to be sent could not be read here
                }   // else the remote command stopped reading: its exit status tells the rest
            }
        }, runnable -> daemon(runnable, "scatter-ssh-in").start());
        try (InputStream o = process.getInputStream()) {
            stdout.readFrom(o);
            o.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            process.destroyForcibly();
            if (killed.isDone() && killed.join()) {
                throw new Unreachable(noAnswer(timeout));
            }
            throw e;
        }
        int code = process.waitFor();
        killed.complete(false);
        in.join();
        if (killed.join()) {
            throw new Unreachable(noAnswer(timeout));
        }
        // a master left behind for ControlPersist detaches from our pipes; do not wait for it
        String stderr = new String(err.completeOnTimeout(new byte[0], 5, TimeUnit.SECONDS).join(), StandardCharsets.UTF_8);
        if (code == SSH_FAILED) {
            throw new Unreachable(unreachable(stderr));
        }
        if (code == 0 && sendFailed.get() != null) {
            // the other side took what came and succeeded: what it got was cut short here
            throw new IOException("could not send to " + destination + ": " + sendFailed.get().getMessage(), sendFailed.get());
        }
        return new Exit(code, stderr);
    }

    private String noAnswer(Duration timeout) {
        return "no answer from " + destination + " over ssh within " + Math.max(1, timeout.toSeconds()) + " s; the connection was closed";
    }

    @Override
    public int roundTrips() {
        return calls.get();
    }

    /** ssh's last word, with what to do: log in by hand when it wanted a password, else check the way there. */
    private String unreachable(String stderr) {
        String last = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("ssh exited 255");
        if (last.contains("Permission denied") || last.contains("passphrase") || last.contains("password")
                || last.contains("Host key verification failed")) {
            return "cannot log in to " + destination + " over ssh without a prompt (" + last + "): run `" + loginCommand()
                    + "` once in a terminal (it asks what ssh asks, and stays open " + PERSIST + "), then scatter again";
        }
        return "cannot reach " + destination + " over ssh (" + last + "): check that `" + options.program() + " "
                + destination + " true` works, then try again";
    }

    /** ssh's standard input, remembering whether a write failed because the other end went away. */
    private static final class PipeToSsh extends java.io.FilterOutputStream {
        private boolean broken;

        PipeToSsh(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

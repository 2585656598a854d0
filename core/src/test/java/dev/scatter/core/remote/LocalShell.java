package dev.scatter.core.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RemoteShell} whose "cluster" is this machine: each call runs the command line in a real
 * {@code bash -c} process (no mock: the scripts meet the real find, awk, tail and GNU tar), with
 * stdin written and stderr read on threads of their own, stopped after its timeout (then
 * {@link Unreachable}, as a silent connection), and counts the calls as round trips.
 */
public final class LocalShell implements RemoteShell {

    private final AtomicInteger roundTrips = new AtomicInteger();

    @Override
    public Exit exec(String commandLine, Stdin stdin, Stdout stdout, Duration timeout) throws IOException, InterruptedException {
        roundTrips.incrementAndGet();
        Process process = new ProcessBuilder("bash", "-c", commandLine).start();
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = start(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = start(() -> process.getErrorStream().transferTo(stderr));
        AtomicReference<IOException> writeFailed = new AtomicReference<>();
        Thread writer = start(() -> {
            try (OutputStream out = process.getOutputStream()) {
                stdin.writeTo(out);
            } catch (IOException e) {
                writeFailed.set(e);
            }
        });
        try (InputStream out = process.getInputStream()) {
            stdout.readFrom(out);
            out.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            if (timedOut.get()) {
                throw unanswered(timeout);
            }
            throw e;
        } finally {
            writer.join();
            errors.join();
        }
        int code = process.waitFor();
        watchdog.interrupt();
        if (timedOut.get()) {
            throw unanswered(timeout);
        }
        IOException failed = writeFailed.get();
        // a command that exited before reading all its input breaks the pipe: its status says why
        if (failed != null && (code == 0 || !String.valueOf(failed.getMessage()).matches("(?i).*(broken pipe|stream closed).*"))) {
            throw failed;
        }
        return new Exit(code, stderr.toString(StandardCharsets.UTF_8));
    }

    @Override
    public int roundTrips() {
        return roundTrips.get();
    }

    private static Unreachable unanswered(Duration timeout) {
        return new Unreachable("no answer within " + timeout.toSeconds() + " s; the command was stopped");
    }

    private interface Body {
        void run() throws IOException, InterruptedException;
    }

    private static Thread start(Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}

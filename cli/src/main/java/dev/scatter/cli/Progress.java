package dev.scatter.cli;

import dev.scatter.core.spi.Backend;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second; only on a terminal, so
 * logs and pipes stay clean.
 */
final class Progress implements Backend.Progress, AutoCloseable {

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long lastDraw;

    Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    @Override
    public void taskFinished(int attempt, int task, int ok, int bad) {
        succeeded.addAndGet(ok);
        failed.addAndGet(bad);
        long now = System.nanoTime();
        if (enabled && now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw(now);
        }
    }

    private synchronized void draw(long now) {
        int done = succeeded.get() + failed.get();
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        err.print("\r" + Terminal.bar(done, total, 30) + " " + done + "/" + total + "  " + succeeded.get() + " ok  "
                + failed.get() + " failed  " + String.format("%.0f/s", rate)
                + (rate > 0 && done < total ? "  ETA " + Terminal.duration((total - done) / rate) : "") + "\033[K");
        err.flush();
    }

    @Override
    public void close() {
        if (enabled && lastDraw != 0) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        }
    }
}

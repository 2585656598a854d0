package dev.scatter.core.status;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import java.util.BitSet;

/**
 * An honest rate and time left for a client following a run. The rate is measured over the run's
 * own running time: the entries that were open when following began and have ended since, divided
 * by the time since the first of them started. Queue wait before that start does not count, nor do
 * entries that ended before (an earlier attempt), which is what made a rate over a fixed window
 * promise 14 minutes for a run that ended 20 s later. The rate is smoothed from look to look, and
 * nothing is promised until {@value #MIN_ENDED} entries have ended. While nothing runs and entries
 * wait in a cluster's queue, the honest answer is "queued", not a number.
 */
public final class Throughput {

    /** No rate is given before this many entries ended since following began. */
    public static final int MIN_ENDED = 3;
    /** The weight of a new measurement against the rate so far. */
    private static final double SMOOTHING = 0.3;

    /** What to show: a rate and the seconds left, the queue, or nothing yet. */
    public sealed interface Reading permits Rate, Queued, Unknown {
    }

    /** Entries a second, and the seconds the open ones will take at that rate. */
    public record Rate(double perSecond, double secondsLeft) implements Reading {
    }

    /** Nothing runs and entries wait in the queue. */
    public record Queued() implements Reading {
    }

    /** Too few entries ended to tell. */
    public record Unknown() implements Reading {
    }

    private BitSet openAtStart;
    private double smoothed = -1;

    /** Reads the rate at {@code now} (epoch seconds, like the ledger's times). */
    public Reading observe(RunStatus status, double now) {
        if (openAtStart == null) {
            openAtStart = new BitSet();
            for (EntryStatus e : status.entries()) {
                if (!e.state().isFinal()) {
                    openAtStart.set(e.entry());
                }
            }
        }
        double firstStart = Double.MAX_VALUE;
        int ended = 0;
        int open = 0;
        boolean running = false;
        boolean queued = false;
        for (EntryStatus e : status.entries()) {
            running |= e.state() == EntryState.RUNNING;
            queued |= e.state() == EntryState.QUEUED;
            if (!e.state().isFinal()) {
                open++;
            }
            if (!openAtStart.get(e.entry())) {
                continue;
            }
            if (e.start().isPresent()) {
                firstStart = Math.min(firstStart, e.start().getAsDouble());
            }
            if (e.state().isFinal()) {
                ended++;
            }
        }
        if (!running && queued) {
            return new Queued();
        }
        double elapsed = now - firstStart;
        if (ended < MIN_ENDED || elapsed <= 0) {
            return new Unknown();
        }
        double rate = ended / elapsed;
        smoothed = smoothed < 0 ? rate : SMOOTHING * rate + (1 - SMOOTHING) * smoothed;
        return new Rate(smoothed, open / smoothed);
    }
}

package dev.scatter.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The rate and time left a follower shows: measured over the run's own running time. */
class ThroughputTest {

    /** 100 entries of 1 s on 2 slots, the first two starting at {@code t0}; the state at {@code now}. */
    private static RunStatus steady(double t0, double now) {
        List<EntryStatus> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double start = t0 + i / 2;
            double end = start + 1;
            EntryState state = end <= now ? EntryState.SUCCEEDED : start <= now ? EntryState.RUNNING : EntryState.QUEUED;
            entries.add(new EntryStatus(i + 1, 1, i, "", state, state == EntryState.SUCCEEDED ? OptionalInt.of(0) : OptionalInt.empty(),
                    start <= now ? OptionalDouble.of(start) : OptionalDouble.empty(),
                    end <= now ? OptionalDouble.of(end) : OptionalDouble.empty(), "c1", ""));
        }
        return new RunStatus(null, 1, 100, entries, Map.of(), "");
    }

    @Test
    void aSteadyRunAfterAQueueWaitGetsItsOwnRateAndAnHonestTimeLeft() {
        double submitted = 1_000;
        double t0 = submitted + 50;   // 50 s in the queue before the first start
        Throughput throughput = new Throughput();
        assertThat(throughput.observe(steady(t0, submitted + 10), submitted + 10)).isInstanceOf(Throughput.Queued.class);
        assertThat(throughput.observe(steady(t0, t0 + 1.5), t0 + 1.5)).as("too few ended to tell").isInstanceOf(Throughput.Unknown.class);
        Throughput.Reading r = null;
        for (double now = t0 + 5; now <= t0 + 20; now += 1) {
            r = throughput.observe(steady(t0, now), now);
        }
        assertThat(r).isInstanceOf(Throughput.Rate.class);
        Throughput.Rate rate = (Throughput.Rate) r;
        // 2 entries a second; 60 left at t0 + 20 (40 ended) → 30 s; a 60 s window would say 0.67/s and 90 s
        assertThat(rate.perSecond()).isBetween(1.8, 2.2);
        assertThat(rate.secondsLeft()).isBetween(26.0, 34.0);
    }

    @Test
    void entriesThatEndedBeforeFollowingBeganDoNotCount() {
        double t0 = 5_000;
        RunStatus atStart = steady(t0, t0 + 30);   // 60 already ended, e.g. in an attempt long ago
        Throughput throughput = new Throughput();
        throughput.observe(atStart, t0 + 30);
        Throughput.Reading r = throughput.observe(steady(t0, t0 + 31), t0 + 31);
        assertThat(r).as("2 ended since following began").isInstanceOf(Throughput.Unknown.class);
    }
}

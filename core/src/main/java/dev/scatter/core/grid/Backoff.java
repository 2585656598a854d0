package dev.scatter.core.grid;

import java.time.Duration;

/**
 * The pauses between tries of a scheduler command that failed transiently: the first pause, then
 * twice the one before, never more than the longest. One per command being tried.
 */
final class Backoff {

    private final Duration longest;
    private Duration next;

    Backoff(Duration first, Duration longest) {
        this.next = first;
        this.longest = longest;
    }

    static Backoff of(GridTuning tuning) {
        return new Backoff(tuning.backoff(), tuning.backoffMax());
    }

    /** Sleeps the next pause, and doubles the one after. */
    void pause() throws InterruptedException {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(longest) > 0 ? longest : doubled;
        if (!now.isZero() && !now.isNegative()) {
            Thread.sleep(now.toMillis());
        }
    }
}

package dev.scatter.core.grid;

import java.time.Duration;

/**
 * How patient a {@link GridBackend} is. The defaults suit a real cluster (a controller shared by
 * hundreds of users must not be polled every second); tests and the simulator shrink them.
 *
 * @param pollFloor       the shortest interval between two status polls once a run has settled in (the
 *                        first polls after submitting come sooner: {@link #firstPoll()})
 * @param pollCeiling     the longest, reached while nothing changes
 * @param attempts        how many times a command that failed transiently is tried in all
 * @param backoff         the wait after the first transient failure; doubled after each further one
 * @param backoffMax      the longest wait between two tries
 * @param commandTimeout  how long one scheduler command may take before it counts as a transient failure
 * @param recordsGrace    how long a task that ended on its own may lack its result records
 *                        (a shared filesystem shows another node's writes late) before it is LOST
 * @param vanishGrace     how long a task may be missing from both the live listing and accounting
 *                        (accounting lags) before it is LOST
 */
public record GridTuning(Duration pollFloor, Duration pollCeiling, int attempts, Duration backoff, Duration backoffMax,
                         Duration commandTimeout, Duration recordsGrace, Duration vanishGrace) {

    /** The environment variable that overrides the poll floor, e.g. {@code 5s}, {@code 500ms} or {@code 2} (seconds). */
    public static final String POLL_FLOOR_VARIABLE = "SCATTER_POLL_FLOOR";

    public GridTuning {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (pollCeiling.compareTo(pollFloor) < 0) {
            pollCeiling = pollFloor;
        }
    }

    /** How soon after submitting the first poll comes; polls then back off toward the floor. */
    public Duration firstPoll() {
        Duration first = Duration.ofSeconds(2);
        return first.compareTo(pollFloor) < 0 ? first : pollFloor;
    }

    /** For a real cluster: poll every 30 s at most, back off up to 5 minutes while nothing changes. */
    public static GridTuning cluster() {
        return new GridTuning(Duration.ofSeconds(30), Duration.ofMinutes(5), 5, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(90), Duration.ofMinutes(5));
    }

    /** {@link #cluster()} with the poll floor from {@value #POLL_FLOOR_VARIABLE} when it is set. */
    public static GridTuning fromEnvironment() {
        GridTuning t = cluster();
        String floor = System.getenv(POLL_FLOOR_VARIABLE);
        return floor == null || floor.isBlank() ? t : t.withPollFloor(parseDuration(floor, POLL_FLOOR_VARIABLE));
    }

    /** A poll floor; the ceiling stays ten floors at most. */
    public GridTuning withPollFloor(Duration floor) {
        Duration ceiling = floor.multipliedBy(10).compareTo(pollCeiling) < 0 ? floor.multipliedBy(10) : pollCeiling;
        return new GridTuning(floor, ceiling, attempts, backoff, backoffMax, commandTimeout, recordsGrace, vanishGrace);
    }

    public GridTuning withRetries(int attempts, Duration backoff, Duration backoffMax) {
        return new GridTuning(pollFloor, pollCeiling, attempts, backoff, backoffMax, commandTimeout, recordsGrace, vanishGrace);
    }

    public GridTuning withGraces(Duration records, Duration vanish) {
        return new GridTuning(pollFloor, pollCeiling, attempts, backoff, backoffMax, commandTimeout, records, vanish);
    }

    public GridTuning withCommandTimeout(Duration timeout) {
        return new GridTuning(pollFloor, pollCeiling, attempts, backoff, backoffMax, timeout, recordsGrace, vanishGrace);
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or a bare number of seconds ({@code 0.5}). */
    static Duration parseDuration(String text, String what) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            double value;
            long unit = 1000;
            if (t.endsWith("s")) {
                value = Double.parseDouble(t.substring(0, t.length() - 1));
            } else if (t.endsWith("m")) {
                value = Double.parseDouble(t.substring(0, t.length() - 1));
                unit = 60_000;
            } else {
                value = Double.parseDouble(t);
            }
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(value * unit));
        } catch (NumberFormatException e) {
            throw new dev.scatter.core.UsageException(what + "='" + text + "' is not a duration: write e.g. 500ms, 5s, 2m or 30");
        }
    }
}

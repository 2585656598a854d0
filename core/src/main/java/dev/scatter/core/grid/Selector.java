package dev.scatter.core.grid;

import java.time.Instant;
import java.util.List;

/**
 * Which jobs a status or accounting command asks about: arrays by id, or (to find a submission
 * whose id was never recorded) by the unique job name given at submission.
 *
 * @param ids   array job ids, or empty
 * @param names job names, or empty
 * @param since the oldest submission time of interest (accounting needs a window for names)
 */
public record Selector(List<String> ids, List<String> names, Instant since) {

    public Selector {
        ids = List.copyOf(ids);
        names = List.copyOf(names);
    }

    public static Selector ids(List<String> ids) {
        return new Selector(ids, List.of(), Instant.EPOCH);
    }

    public static Selector names(List<String> names, Instant since) {
        return new Selector(List.of(), names, since);
    }

    public boolean byName() {
        return !names.isEmpty();
    }
}

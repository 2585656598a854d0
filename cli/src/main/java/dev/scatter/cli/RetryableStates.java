package dev.scatter.cli;

import dev.scatter.core.model.EntryState;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The states {@code retry --entries} takes, for shell completion: the failures. */
final class RetryableStates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(EntryState.values()).filter(EntryState::isFailure)
                .map(s -> s.name().toLowerCase(Locale.ROOT)).iterator();
    }
}

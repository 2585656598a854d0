package dev.scatter.core.run;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Resources;
import dev.scatter.core.plan.RetryPlanner;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What {@code scatter retry} was asked.
 *
 * @param states    which entries run again: those in these states
 * @param entries   and only these entries (by number), when given: with no states asked, in any
 *                  final state, so a SUCCEEDED entry can run again too
 * @param overrides the user's resource options, applied over each entry's latest attempt
 * @param escalate  twice the memory after OUT_OF_MEMORY, twice the time after TIMEOUT
 * @param chunk     entries per task; the run's own chunk when empty
 */
public record RetryRequest(Set<EntryState> states, Optional<Set<Integer>> entries, UnaryOperator<Resources> overrides,
                           boolean escalate, Optional<ChunkSize> chunk) {

    public RetryRequest {
        states = Collections.unmodifiableSet(states.isEmpty() ? EnumSet.noneOf(EntryState.class) : EnumSet.copyOf(states));
        entries = entries.map(Set::copyOf);
    }

    /** Whether {@code e} runs again. */
    public boolean selects(EntryStatus e) {
        return states.contains(e.state()) && entries.map(chosen -> chosen.contains(e.entry())).orElse(true);
    }

    /** What {@code run --retries N} retries after each round: every failure, as it was asked. */
    static RetryRequest automatic(boolean escalate) {
        return new RetryRequest(RetryPlanner.DEFAULT_STATES, Optional.empty(), UnaryOperator.identity(), escalate, Optional.empty());
    }

    /**
     * {@code --state failed,timeout,…}; when {@code list} is null, the failures, or with chosen
     * entries every final state (a chosen SUCCEEDED entry runs again).
     */
    public static Set<EntryState> states(String list, boolean entriesChosen) {
        if (list == null) {
            return entriesChosen ? EnumSet.of(EntryState.SUCCEEDED, EntryState.FAILED, EntryState.TIMEOUT,
                    EntryState.OUT_OF_MEMORY, EntryState.CANCELLED, EntryState.LOST) : RetryPlanner.DEFAULT_STATES;
        }
        Set<EntryState> states = EnumSet.noneOf(EntryState.class);
        for (String s : list.split(",")) {
            try {
                EntryState state = EntryState.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
                if (!state.isFinal()) {
                    throw new IllegalArgumentException();
                }
                states.add(state);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--state '" + s.strip() + "' is not a state to retry: use failed, timeout,"
                        + " out_of_memory, cancelled, lost or succeeded (comma-separated; entry numbers go in --entries)");
            }
        }
        return states;
    }
}

package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.plan.RetryPlanner;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Which entry states a retry takes, from {@code --entries failed,timeout,…}. */
final class RetryOptions {

    private RetryOptions() {
    }

    static Set<EntryState> states(String list) {
        if (list == null) {
            return RetryPlanner.DEFAULT_STATES;
        }
        Set<EntryState> states = EnumSet.noneOf(EntryState.class);
        for (String s : list.split(",")) {
            try {
                EntryState state = EntryState.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
                if (!state.isFailure()) {
                    throw new IllegalArgumentException();
                }
                states.add(state);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--entries '" + s.strip() + "' is not a state to retry: use failed, timeout,"
                        + " out_of_memory, cancelled, lost (comma-separated)");
            }
        }
        return states;
    }
}

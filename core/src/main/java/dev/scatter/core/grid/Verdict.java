package dev.scatter.core.grid;

import dev.scatter.core.status.EntryState;

/** Why a task's unfinished entries ended, in scatter's terms and in words. */
public record Verdict(EntryState state, String detail) {
}

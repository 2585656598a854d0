package dev.scatter.core.verdict;

import dev.scatter.core.model.EntryState;

/** Why a task's unfinished entries ended, in scatter's terms and in words. */
public record Verdict(EntryState state, String detail) {
}

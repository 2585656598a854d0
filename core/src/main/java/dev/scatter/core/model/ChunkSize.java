package dev.scatter.core.model;

import dev.scatter.core.UsageException;

/**
 * Entries per task, as the user asked: a fixed number, or {@code auto} (the fewest that fit what
 * the backend can take; {@code dev.scatter.core.plan.AutoChunk} resolves it once per run, before
 * the run is written). Checked once, where it is parsed.
 */
public sealed interface ChunkSize {

    ChunkSize AUTO = new Auto();

    /** {@code --chunk N}: N entries per task, at least 1. */
    record Fixed(int entries) implements ChunkSize {
        public Fixed {
            if (entries < 1) {
                throw new IllegalArgumentException("a chunk holds at least 1 entry: " + entries);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(entries);
        }
    }

    /** {@code --chunk auto}. */
    record Auto() implements ChunkSize {
        @Override
        public String toString() {
            return "auto";
        }
    }

    static ChunkSize of(int entries) {
        return new Fixed(entries);
    }

    /** {@code auto} or a whole number of at least 1; anything else is the user's mistake. */
    static ChunkSize parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 1) {
                return new Fixed(n);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException("--chunk " + text + " is not a chunk size: give at least 1 entry per task, or auto");
    }
}

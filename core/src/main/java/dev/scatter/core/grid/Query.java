package dev.scatter.core.grid;

import java.util.List;

/** What a status or accounting command answered. */
public sealed interface Query {

    /** The tasks it listed, one record per array task. */
    record Answer(List<TaskInfo> tasks) implements Query {
        public Answer {
            tasks = List.copyOf(tasks);
        }
    }

    /** The scheduler did not answer in time or refused the connection; ask again later. */
    record Transient(String message) implements Query {
    }

    /** This source does not exist here (e.g. SLURM accounting storage is disabled). */
    record Unavailable(String message) implements Query {
    }

    /** An unexpected failure (command, exit status and output in {@code message}). */
    record Failed(String message) implements Query {
    }
}

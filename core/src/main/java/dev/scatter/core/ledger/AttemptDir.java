package dev.scatter.core.ledger;

import dev.scatter.core.io.Json;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** One attempt's directory inside a {@link RunDir}. */
public final class AttemptDir {

    /** Width of one line of tasks.idx: two 12-digit numbers, a space and a newline. */
    public static final int INDEX_LINE = 26;

    private final Path root;
    private final int number;
    private AttemptSpec spec;

    AttemptDir(Path root, int number) {
        this.root = root;
        this.number = number;
    }

    public Path root() {
        return root;
    }

    public int number() {
        return number;
    }

    public Path specFile() {
        return root.resolve("attempt.json");
    }

    public boolean isComplete() {
        return Files.isRegularFile(specFile());
    }

    public synchronized AttemptSpec spec() {
        if (spec == null) {
            spec = SpecJson.attemptSpec(Json.read(specFile()));
        }
        return spec;
    }

    /** Writes {@code attempt.json}: the last file of an attempt, its commit point. */
    public synchronized void writeSpec(AttemptSpec written) {
        Json.write(specFile(), SpecJson.toJson(written));
        spec = written;
    }

    public Path commands() {
        return root.resolve("commands");
    }

    public Path tasksIndex() {
        return root.resolve("tasks.idx");
    }

    public Path script() {
        return root.resolve("task.sh");
    }

    /**
     * This directory as the run's jobs see it: here, or its copy on the cluster of a run with
     * {@code --remote} ({@link RunSpec#remote}). Paths in {@code task.sh}, its header and the
     * submit command are these.
     */
    public Path jobRoot(RunSpec spec) {
        return spec.remote().map(r -> r.runRoot(spec.id()).resolve(root.getParent().getFileName())
                .resolve(root.getFileName())).orElse(root);
    }

    /** {@link #script()} as the run's jobs see it ({@link #jobRoot}). */
    public Path jobScript(RunSpec spec) {
        return jobRoot(spec).resolve("task.sh");
    }

    /** Entries the user cancelled: lines "ENTRY EPOCH", appended under the run lock. */
    public Path cancelled() {
        return root.resolve("cancelled");
    }

    /** Cluster backends' submissions: JSON lines, an intent before each submit and its id after. */
    public Path submissions() {
        return root.resolve("submissions.jsonl");
    }

    public Path tasksDir() {
        return root.resolve("tasks");
    }

    /** A scheduler task's result file; its output is beside it ({@code T.out}, {@code T.err}). */
    public Path results(int task) {
        return tasksDir().resolve(task + ".res");
    }

    /** A result file by stem: a task number, or a local worker's {@code wS-G}. */
    public Path results(String stem) {
        return tasksDir().resolve(stem + ".res");
    }
}

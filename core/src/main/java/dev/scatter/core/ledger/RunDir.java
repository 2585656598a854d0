package dev.scatter.core.ledger;

import dev.scatter.core.io.Json;
import dev.scatter.core.model.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's directory, the ledger and single source of truth:
 * <pre>
 * spec.json                 the immutable run spec (written last at creation)
 * entries.jsonl             every entry's columns, one JSON array per line, in input order
 * lock                      file lock for CLI calls that change the run
 * executor.json             the local executor's pid while one runs
 * attempts/N/attempt.json   attempt N: resources, chunk, its entries (written last)
 * attempts/N/commands       "ENTRY COMMAND\0" records, in the attempt's order
 * attempts/N/tasks.idx      per task a fixed-width line "OFFSET LENGTH" into commands
 * attempts/N/task.sh        the wrapper script (with the backend's header)
 attempts/N/cancelled      entries the user cancelled
 * attempts/N/submissions.jsonl  cluster backends: array submissions (intent, then id)
 * attempts/N/usage          local backend: "TASK PEAK_BYTES" per task, sampled ({@link TaskUsage})
 * attempts/N/measured.jsonl cluster backends: what the scheduler measured of each ended task ({@link MeasuredUsage})
 * attempts/N/tasks/T.out    scheduler task T's stdout, entries separated by marker lines
 * attempts/N/tasks/T.err    its stderr, the same
 * attempts/N/tasks/T.res    its result records, appended by the wrapper (see {@link ResultFile})
 * attempts/N/tasks/wS-G.*   the same three for local worker S (generation G), across its tasks
 * </pre>
 * Files grow with tasks, not entries (and with workers, not tasks, on the local backend).
 */
public final class RunDir {

    private final Path root;
    private RunSpec spec;

    public RunDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * This directory as the run's jobs see it: {@link #root()}, or its copy on the cluster of a
     * run with {@code --remote}. Takes the spec because {@code task.sh} is written before it.
     */
    public Path jobRoot(RunSpec spec) {
        return spec.remote().map(r -> r.runRoot(spec.id())).orElse(root);
    }

    public Path specFile() {
        return root.resolve("spec.json");
    }

    public Path entriesFile() {
        return root.resolve("entries.jsonl");
    }

    public Path lockFile() {
        return root.resolve("lock");
    }

    public Path executorFile() {
        return root.resolve("executor.json");
    }

    public boolean isComplete() {
        return Files.isRegularFile(specFile());
    }

    public synchronized RunSpec spec() {
        if (spec == null) {
            spec = SpecJson.runSpec(Json.read(specFile()));
        }
        return spec;
    }

    /** Why this run's {@code spec.json} cannot be read (damaged, cut short, edited by hand), if it cannot. */
    public Optional<String> unreadable() {
        try {
            spec();
            return Optional.empty();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // one line: Jackson adds its source location on a line of its own
            return Optional.of(why.replaceAll("(?s)\\s*\\n\\s*at \\[Source.*", "").replaceAll("\\s+", " ").strip());
        }
    }

    /** Writes {@code spec.json}: the last file of a run's creation, its commit point. */
    public synchronized void writeSpec(RunSpec written) {
        Json.write(specFile(), SpecJson.toJson(written));
        spec = written;
    }

    public AttemptDir attempt(int number) {
        return new AttemptDir(root.resolve("attempts").resolve(Integer.toString(number)), number);
    }

    /** The committed attempts (those with an attempt.json), oldest first. */
    public List<AttemptDir> attempts() {
        Path dir = root.resolve("attempts");
        List<AttemptDir> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .mapToInt(Integer::parseInt)
                    .sorted()
                    .mapToObj(this::attempt)
                    .filter(AttemptDir::isComplete)
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The attempt that holds every entry (the first that is not a step). */
    public AttemptDir initialAttempt() {
        return attempts().stream().filter(a -> a.spec().reason().equals("initial")).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + root + " has no initial attempt"));
    }

    /** The latest committed attempt of {@code reason} ({@code before}, {@code then}, …), if any. */
    public Optional<AttemptDir> latestAttempt(String reason) {
        List<AttemptDir> all = attempts();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).spec().reason().equals(reason)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public AttemptDir latestAttempt() {
        List<AttemptDir> all = attempts();
        if (all.isEmpty()) {
            throw new IllegalStateException("run " + root + " has no attempt");
        }
        return all.get(all.size() - 1);
    }
}

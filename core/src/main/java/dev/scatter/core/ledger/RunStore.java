package dev.scatter.core.ledger;

import dev.scatter.core.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs of one directory: {@code .scatter/runs/<id>}, ids 1, 2, 3… allocated with an atomic
 * {@code mkdir}, so two {@code scatter run} started at once never share a directory.
 */
public final class RunStore {

    private final Path workdir;
    private final Path runsDir;

    public RunStore(Path workdir) {
        this.workdir = workdir.toAbsolutePath().normalize();
        this.runsDir = this.workdir.resolve(".scatter").resolve("runs");
    }

    public Path runsDir() {
        return runsDir;
    }

    /** Allocates the next run directory (empty). */
    public RunDir allocate() {
        return allocate(1);
    }

    /**
     * Allocates the next run directory, numbered {@code lowest} or above: a run on a cluster
     * ({@code --remote}) skips the numbers its directory there already holds (another machine's runs).
     */
    public RunDir allocate(int lowest) {
        try {
            Files.createDirectories(runsDir);
            int next = Math.max(lowest, ids().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
            while (true) {
                try {
                    return new RunDir(Files.createDirectory(runsDir.resolve(Integer.toString(next))));
                } catch (FileAlreadyExistsException taken) {
                    next++;
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot create a run directory under " + runsDir + " (" + e.getMessage()
                    + "): run scatter in a writable directory or pass --run-dir");
        }
    }

    /** Uses {@code dir} as the run directory ({@code --run-dir}); it must not exist or be empty. */
    public static RunDir allocateAt(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new UsageException("--run-dir " + dir + " is not empty: give a new directory");
                    }
                }
            }
            Files.createDirectories(dir);
            return new RunDir(dir);
        } catch (IOException e) {
            throw new UsageException("--run-dir " + dir + ": cannot create it (" + e.getMessage() + ")");
        }
    }

    /** Complete runs whose spec can be read, newest first: one damaged run hides no other. */
    public List<RunDir> list() {
        return complete().stream().filter(r -> r.unreadable().isEmpty()).toList();
    }

    /** The complete runs whose spec cannot be read, newest first. */
    public List<UnreadableRun> unreadable() {
        List<UnreadableRun> out = new ArrayList<>();
        for (RunDir run : complete()) {
            run.unreadable().ifPresent(why -> out.add(new UnreadableRun(run, why)));
        }
        return out;
    }

    private List<RunDir> complete() {
        List<RunDir> out = new ArrayList<>();
        for (int id : ids()) {
            RunDir run = new RunDir(runsDir.resolve(Integer.toString(id)));
            if (run.isComplete()) {
                out.add(run);
            }
        }
        out.sort(Comparator.comparing((RunDir r) -> Integer.parseInt(r.root().getFileName().toString())).reversed());
        return out;
    }

    /**
     * The run a command names: a run id, a run directory, or the newest run with that {@code --name};
     * the newest run here when none is given.
     */
    public RunDir resolve(Optional<String> ref) {
        if (ref.isEmpty()) {
            List<RunDir> runs = list();
            if (runs.isEmpty()) {
                throw new UsageException("no scatter run in " + workdir + ": start one with scatter run, or cd to"
                        + " the directory you ran it in");
            }
            return runs.get(0);
        }
        String r = ref.get();
        Path asPath = workdir.resolve(r);
        if (r.contains("/") || r.equals(".")) {
            RunDir run = new RunDir(asPath);
            if (run.isComplete()) {
                return run;
            }
        }
        if (r.matches("\\d+")) {
            RunDir run = new RunDir(runsDir.resolve(r));
            if (run.isComplete()) {
                Optional<String> why = run.unreadable();
                if (why.isPresent()) {
                    throw new UsageException("run " + r + " cannot be read (" + why.get() + "): its ledger " + run.root()
                            + " is damaged; remove it with scatter rm " + r);
                }
                return run;
            }
        }
        for (RunDir run : list()) {
            if (run.spec().name().equals(r)) {
                return run;
            }
        }
        List<String> known = list().stream().map(x -> x.root().getFileName().toString()).limit(10).toList();
        throw new UsageException("no run '" + r + "' in " + workdir
                + (known.isEmpty() ? " (there are none)" : " (runs here: " + String.join(", ", known) + ")")
                + ": pass a run id from scatter runs, a run name, or a run directory");
    }

    private List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return ids;
        }
        try (Stream<Path> s = Files.list(runsDir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,9}")).forEach(n -> ids.add(Integer.parseInt(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }
}

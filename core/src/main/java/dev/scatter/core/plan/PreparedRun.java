package dev.scatter.core.plan;

import dev.scatter.core.StorageException;
import dev.scatter.core.input.Inputs;
import dev.scatter.core.ledger.EntriesFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Entry;
import dev.scatter.core.model.IntList;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.template.CommandTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run checked from end to end, not yet written: every input read, every command rendered once
 * (and dropped: rendered again as it is written, so a million commands are not held beside their
 * inputs), the resources accepted by the backend. Only then does {@link #create} write the ledger,
 * so bad input never leaves a half-made run behind.
 */
public final class PreparedRun {

    private final RunRequest request;
    private final Inputs inputs;
    private final CommandTemplate template;
    private final Plan plan;
    private final int chunk;
    private final List<String> warnings;

    private PreparedRun(RunRequest request, Inputs inputs, CommandTemplate template, Plan plan, int chunk,
                        List<String> warnings) {
        this.request = request;
        this.inputs = inputs;
        this.template = template;
        this.plan = plan;
        this.chunk = chunk;
        this.warnings = List.copyOf(warnings);
    }

    /** Reads and checks everything; throws {@link dev.scatter.core.UsageException} on the first problem. */
    public static PreparedRun prepare(RunRequest request, Backend backend, InputStream stdin) {
        for (var step : java.util.List.of(request.before(), request.then())) {
            if (step.isPresent() && step.get().isBlank()) {
                throw new dev.scatter.core.UsageException("--before/--then is empty: give the command to run, e.g."
                        + " --then 'python collect.py'");
            }
        }
        RequestChecks.globNotExpandedByTheShell(request);
        Inputs inputs = request.inputs().load(request.workdir(), stdin);
        CommandTemplate template = CommandTemplate.parse(request.command(), inputs.columnNames(),
                request.inputs().columnCount(inputs));
        RequestChecks.everyParamUsed(request, template);
        backend.check(request.resources());
        for (Entry e : inputs.entries()) {
            template.render(e, inputs.columnNames());   // what cannot be rendered is refused now, before anything is written
        }
        // only now, with everything checked, may auto ask the scheduler what it takes
        int chunk = AutoChunk.resolve(request.chunk(), inputs.size(), () -> backend.limits(request.workdir(), request.resources()));
        // with --task-time, the first attempt is a first wave, one entry per task, that measures them
        Plan plan = request.taskTime().isPresent()
                ? new Plan(IntList.range(1, Math.min(inputs.size(), TaskSizing.FIRST_WAVE)), 1)
                : new Plan(IntList.range(1, inputs.size()), chunk);
        return new PreparedRun(request, inputs, template, plan, chunk, RunWarnings.of(request, template, backend));
    }

    public Inputs inputs() {
        return inputs;
    }

    public CommandTemplate template() {
        return template;
    }

    /** What is worth a warning before the run starts, once: e.g. every entry writing to the same file. */
    public List<String> warnings() {
        return warnings;
    }

    public Plan plan() {
        return plan;
    }

    public String command(int entry) {
        return template.render(inputs.entries().get(entry - 1), inputs.columnNames());
    }

    /** The spec this run gets under {@code id}. */
    public RunSpec spec(String id, String backend) {
        // on a remote cluster every entry runs in its directory there; here, where the user is
        Path workdir = request.remote().map(r -> Path.of(r.dir())).orElse(request.workdir());
        return new RunSpec(id, request.name().orElseGet(this::defaultName), Instant.now(), workdir,
                inputs.description(), inputs.columnNames(), inputs.size(), inputs.skippedEmpty(), template.tokens(),
                template.isShellLine(), request.resources(), chunk, backend, request.threadGuard(), newToken(),
                request.keepTmp(), request.before(), request.then(), request.taskTime(), request.remote());
    }

    /** The attempt holding every entry: 1, or 2 after a {@code --before} step. */
    public AttemptSpec firstAttempt() {
        return new AttemptSpec(request.before().isPresent() ? 2 : 1, Instant.now(), "initial", request.resources(), plan);
    }

    /** The run's attempts in order: the before step, every entry, the then step. */
    public java.util.List<AttemptSpec> attempts() {
        java.util.List<AttemptSpec> all = new java.util.ArrayList<>();
        request.before().ifPresent(b -> all.add(step(1, AttemptSpec.BEFORE)));
        AttemptSpec entries = firstAttempt();
        all.add(entries);
        request.then().ifPresent(t -> all.add(step(entries.number() + 1, AttemptSpec.THEN)));
        return all;
    }

    private AttemptSpec step(int number, String kind) {
        return new AttemptSpec(number, Instant.now(), kind, request.resources(), new Plan(java.util.List.of(0), 1));
    }

    /** The command of entry {@code e} of {@code attempt}: a step's own command for entry 0. */
    public String command(AttemptSpec attempt, int e) {
        return switch (attempt.reason()) {
            case AttemptSpec.BEFORE -> request.before().orElseThrow();
            case AttemptSpec.THEN -> request.then().orElseThrow();
            default -> command(e);
        };
    }

    /** Writes the ledger: entries, the attempts, and the spec last. */
    public RunDir create(RunStore store, Backend backend) {
        return create(store, backend, 1);
    }

    /** {@link #create(RunStore, Backend)} under a run number of {@code lowestId} or above. */
    public RunDir create(RunStore store, Backend backend, int lowestId) {
        RunDir run = request.runDir().map(RunStore::allocateAt).orElseGet(() -> store.allocate(lowestId));
        try {
            RunSpec spec = spec(run.root().getFileName().toString(), backend.name());
            EntriesFile.write(run.entriesFile(), inputs.entries());
            java.util.List<AttemptSpec> attempts = new java.util.ArrayList<>(attempts());
            SizingStep.attempt(request, backend, attempts.size() + 1).ifPresent(attempts::add);
            for (AttemptSpec a : attempts) {
                AttemptWriter.write(run, spec, a, e -> a.reason().equals(AttemptSpec.SIZE) ? SizingStep.command(request, run.root())
                                : command(a, e), backend,
                        a.reason().equals("initial") ? IntList.range(plan.entryCount() + 1, inputs.size())
                                : java.util.List.of());
            }
            run.writeSpec(spec);
            return run;
        } catch (StorageException full) {
            // a run without spec.json is ignored; removing it gives the space back
            removeContents(run.root(), request.runDir().isEmpty());
            throw full.withFix("make room on that file system, then run scatter run again");
        }
    }

    private static void removeContents(Path root, boolean andRoot) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (andRoot || !p.equals(root)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // what is left is ignored without its spec.json
        }
    }

    /** The program's name: {@code python} for {@code python fit.py}, {@code sort} for {@code 'sort {} > x'}. */
    private String defaultName() {
        String first = template.tokens().get(0).strip().split("\\s+")[0];
        String base = first.substring(first.lastIndexOf('/') + 1);
        String name = base.replaceAll("[^A-Za-z0-9_.-]", "");
        return name.isEmpty() ? "run" : name;
    }

    private static String newToken() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package dev.scatter.core.doctor;

import dev.scatter.core.BackendException;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code scatter doctor}: will scatter work here, and how. In order: the backend ({@code auto}'s
 * choice and why, or the one asked for), what that backend says of itself ({@link Backend#checks}:
 * a cluster's version and limits, this machine's cores and pool), what holds for every backend
 * ({@link MachineChecks}: thread variables, disk, the working directory, the JVM), and, when asked,
 * whether a one-entry run comes back ({@link Probe}).
 *
 * <p>Nothing here throws for what it finds: a scheduler command that fails or is missing is a
 * FAIL check. Only a backend name no catalog knows is a {@link dev.scatter.core.UsageException}.
 */
public final class Doctor {

    /**
     * What {@code scatter doctor} was asked.
     *
     * @param backend {@code auto} (what {@code scatter run} would pick) or a backend's name
     * @param probe   with {@code --probe}: how long to wait for the probe run's result; empty: no probe
     */
    public record Request(String backend, Optional<Duration> probe) {
    }

    /**
     * Every check, in order.
     *
     * @param backend the backend checked, as it opened ({@code pbs} opens as {@code pbs-pro} or
     *                {@code torque}), or as asked when it could not be opened
     */
    public record Report(String backend, List<Check> checks) {

        public Report {
            checks = List.copyOf(checks);
        }

        public long count(Check.Level level) {
            return checks.stream().filter(c -> c.level() == level).count();
        }

        /** True when some check failed: scatter will not work here as asked. */
        public boolean failed() {
            return count(Check.Level.FAIL) > 0;
        }
    }

    private final Path workdir;
    private final BackendCatalog catalog;
    private final Map<String, String> environment;

    /** In {@code workdir}, with this process's environment. */
    public Doctor(Path workdir, BackendCatalog catalog) {
        this(workdir, catalog, System.getenv());
    }

    /** In {@code workdir}, judging {@code environment} as the one tasks would inherit. */
    public Doctor(Path workdir, BackendCatalog catalog, Map<String, String> environment) {
        this.workdir = workdir.toAbsolutePath().normalize();
        this.catalog = catalog;
        this.environment = Map.copyOf(environment);
    }

    /** Every check, each told to {@code each} as soon as it is known (a probe may take minutes). */
    public Report examine(Request request, Consumer<Check> each) {
        List<Check> checks = new ArrayList<>();
        Consumer<Check> found = c -> {
            checks.add(c);
            each.accept(c);
        };
        BackendCatalog.Choice auto = catalog.auto();
        boolean isAuto = request.backend().equals("auto");
        String name = isAuto ? auto.backend() : request.backend();
        Backend backend;
        try {
            backend = catalog.open(name);
        } catch (BackendException e) {
            found.accept(Check.fail("backend", name + " cannot be opened: " + e.getMessage(),
                    "run scatter doctor on a login node of the cluster, or check this machine with --backend local"));
            backend = null;
        }
        try (Backend opened = backend) {
            if (opened != null) {
                String as = opened.name().equals(name) ? name : name + " (" + opened.name() + ")";
                found.accept(Check.ok("backend", isAuto ? "auto picks " + as + ": " + auto.reason()
                        : as + ", as --backend asked (auto would pick " + auto.backend() + ": " + auto.reason() + ")"));
                opened.checks(workdir).forEach(found);
            }
            MachineChecks.all(workdir, environment).forEach(found);
            if (request.probe().isPresent()) {
                found.accept(opened == null
                        ? Check.fail("probe", "not run: the backend " + name + " could not be opened", "see the backend line above")
                        : Probe.run(workdir, catalog, opened.name(), request.probe().get()));
            }
            return new Report(opened != null ? opened.name() : name, checks);
        }
    }
}

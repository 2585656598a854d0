package dev.scatter.core.doctor;

import dev.scatter.core.config.ConfigLocations;
import dev.scatter.core.spi.Check;
import dev.scatter.core.wrapper.WrapperScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What holds for every backend, read from this process and machine: thread variables tasks would
 * inherit, free space and write access where runs go, the JVM, and the address-space limit.
 */
final class MachineChecks {

    /** Below this much free space a run's ledger and outputs may not fit: WARN. */
    static final long WARN_BELOW_BYTES = 1L << 30;
    /** Below this, even a small run's ledger may not: FAIL. */
    static final long FAIL_BELOW_BYTES = 50L << 20;
    /** An address-space limit below this may stop a JVM from starting (it reserves heap and code cache up front). */
    static final long ADDRESS_SPACE_WARN_BELOW = 4L << 30;

    private static final Pattern MAX_ADDRESS_SPACE = Pattern.compile("(?m)^Max address space\\s+(\\S+)\\s+(\\S+)");

    private MachineChecks() {
    }

    /** Thread variables, disk, writable, java, ulimit: in {@code workdir}, judging {@code env} as tasks would inherit it. */
    static List<Check> all(Path workdir, Map<String, String> env) {
        Path runs = runsFilesystem(workdir);
        return List.of(threads(env), disk(runs), writable(workdir), java(), addressSpace(procSelfLimits()),
                install(Optional.ofNullable(System.getProperty("scatter.home")), Optional.ofNullable(System.getProperty("scatter.cds"))),
                config(ConfigLocations.of(workdir, env)));
    }

    /**
     * Where scatter runs from and its start-up cache: the launcher passes both ({@code -Dscatter.home},
     * {@code -Dscatter.cds}); a cache it could not make means slower starts, nothing worse.
     */
    static Check install(Optional<String> home, Optional<String> cds) {
        if (home.isEmpty()) {
            return Check.ok("install", "started without scatter's launcher (java -jar): no start-up cache");
        }
        Path archive = Path.of(cds.orElse(""));
        if (cds.isEmpty() || !Files.isRegularFile(archive)) {
            return Check.warn("install", "scatter in " + home.get() + "; no start-up cache at " + archive
                    + ": each start takes a few tenths of a second longer",
                    "let scatter write its cache: make " + (archive.getParent() == null ? "~/.cache" : archive.getParent())
                            + " writable, or set XDG_CACHE_HOME to a directory you can write");
        }
        return Check.ok("install", "scatter in " + home.get() + "; start-up cache " + archive);
    }

    /** The config files scatter run reads here, in the order they apply (scatter config shows their values). */
    static Check config(ConfigLocations where) {
        List<String> found = new ArrayList<>();
        where.byScope().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue().filter(Files::isRegularFile).ifPresent(p -> found.add(e.getKey().label() + " " + p)));
        return Check.ok("config", found.isEmpty() ? "no config file applies here: scatter run's built-in defaults (see scatter config)"
                : "scatter run's defaults come from " + String.join(", then ", found) + " (scatter config shows each value)");
    }

    /** Where runs go: {@code .scatter} under the working directory, or the working directory until it exists. */
    static Path runsFilesystem(Path workdir) {
        Path dotScatter = workdir.resolve(".scatter");
        return Files.isDirectory(dotScatter) ? dotScatter : workdir;
    }

    /**
     * The thread guard gives each task {@code OMP_NUM_THREADS}, … = its cpus, except where the
     * variable is already set: then every task keeps the inherited value, whatever {@code -c} says.
     */
    static Check threads(Map<String, String> env) {
        List<String> set = WrapperScript.THREAD_VARIABLES.stream().filter(env::containsKey).toList();
        if (set.isEmpty()) {
            return Check.ok("threads", "none of " + WrapperScript.THREAD_VARIABLES.get(0) + ", "
                    + WrapperScript.THREAD_VARIABLES.get(1) + ", … is set here: the thread guard sets them to each task's cpus (-c)");
        }
        String values = set.stream().map(v -> v + "=" + env.get(v)).collect(Collectors.joining(", "));
        return Check.warn("threads", values + " set here: " + (set.size() == 1 ? "it overrides" : "they override")
                        + " scatter's thread guard, so every task uses that many threads whatever -c says",
                "unset " + String.join(" ", set) + " before scatter run, or pass -c with as many cpus as those threads");
    }

    static Check disk(Path where) {
        try {
            return disk(where, Files.getFileStore(where).getUsableSpace());
        } catch (IOException e) {
            return Check.warn("disk", "free space on the filesystem of " + where + " unknown (" + e.getMessage() + ")",
                    "check it with df " + where);
        }
    }

    static Check disk(Path where, long usableBytes) {
        String text = bytes(usableBytes) + " free on the filesystem of " + where;
        String fix = "free space there, or run scatter from a directory on another filesystem:"
                + " a run's ledger and its tasks' outputs are written under .scatter";
        if (usableBytes < FAIL_BELOW_BYTES) {
            return Check.fail("disk", text, fix);
        }
        return usableBytes < WARN_BELOW_BYTES ? Check.warn("disk", text + ": large runs may not fit", fix) : Check.ok("disk", text);
    }

    /** Creates (and removes) a file in {@code workdir}: the only sure test, whatever permissions and mounts say. */
    static Check writable(Path workdir) {
        try {
            Files.delete(Files.createTempFile(workdir, ".scatter-doctor-", ".tmp"));
            return Check.ok("writable", workdir + " (runs and their outputs can be written here)");
        } catch (IOException | SecurityException e) {
            return Check.fail("writable", workdir + " is not writable (" + e + ")",
                    "cd to a directory you can write, such as your home or project directory");
        }
    }

    static Check java() {
        return Check.ok("java", "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor")
                + "), max heap " + bytes(Runtime.getRuntime().maxMemory()));
    }

    /** The soft {@code Max address space} limit of {@code /proc/self/limits} ({@code ulimit -v}). */
    static Check addressSpace(Optional<String> procSelfLimits) {
        if (procSelfLimits.isEmpty()) {
            return Check.ok("ulimit", "not checked: no /proc/self/limits here");
        }
        Matcher m = MAX_ADDRESS_SPACE.matcher(procSelfLimits.get());
        if (!m.find() || m.group(1).equals("unlimited")) {
            return Check.ok("ulimit", "address space unlimited (ulimit -v)");
        }
        long limit;
        try {
            limit = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Check.ok("ulimit", "address space limit not understood: " + m.group());
        }
        String text = "address space limited to " + bytes(limit) + " (ulimit -v)";
        return limit < ADDRESS_SPACE_WARN_BELOW
                ? Check.warn("ulimit", text + ": a JVM reserves more than its heap when it starts, so scatter's own"
                        + " background executor (--detach) and Java programs in your tasks may fail to start",
                "raise it (ulimit -v unlimited, or as high as your site allows), or give Java a smaller heap"
                        + " (JAVA_TOOL_OPTIONS=-Xmx512m)")
                : Check.ok("ulimit", text);
    }

    private static Optional<String> procSelfLimits() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code 77.9 GiB}, {@code 512.0 MiB}. */
    static String bytes(long n) {
        return n >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }
}

package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a site installs it: checked against its sha256, unpacked into a directory
 * nobody may write, run by an unprivileged user with a throwaway HOME and a PATH whose {@code mvn}
 * only records that it was called. The archive is the one the build made (cli/target) in this
 * {@code mvn verify}.
 */
class ReleaseArchiveEndToEndTest {

    private static final String USER = "nobody";

    @TempDir
    Path dir;

    private Path install;
    private Path home;
    private Path work;
    private Path stubs;

    static Path archive() throws IOException {
        Path target = ScatterCli.repository().resolve("cli/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("scatter-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no scatter-*.tar.gz in " + target + ": the cli module's package phase makes it"));
        }
    }

    @BeforeEach
    void unpack() throws Exception {
        assumeTrue(isRoot() || System.getenv("CI") != null, "runs as root, to switch to an unprivileged user");
        Path archive = archive();
        assertThat(sh(archive.getParent(), List.of("sha256sum", "-c", archive.getFileName() + ".sha256")).exitCode()).isZero();
        Path opt = Files.createDirectories(dir.resolve("opt"));
        assertThat(sh(opt, List.of("tar", "xzf", archive.toString())).exitCode()).isZero();
        try (Stream<Path> top = Files.list(opt)) {
            install = top.findFirst().orElseThrow();
        }
        // read-only for everyone, as under /opt
        assertThat(sh(opt, List.of("chmod", "-R", "a-w", opt.toString())).exitCode()).isZero();
        home = Files.createDirectories(dir.resolve("home"));
        work = Files.createDirectories(dir.resolve("work"));
        stubs = Files.createDirectories(dir.resolve("stubs"));
        // mvn on PATH only records a call: the release never builds
        Files.writeString(stubs.resolve("mvn"), "#!/bin/sh\ntouch " + dir.resolve("mvn-was-called") + "\nexit 1\n");
        stubs.resolve("mvn").toFile().setExecutable(true, false);
        for (Path p : List.of(dir, home, work, stubs)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** scatter from the unpacked archive, as the unprivileged user, in the work directory. */
    private Result scatter(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=nogroup", "--clear-groups",
                "env", "-i", "HOME=" + home, "LANG=C.UTF-8", "PATH=" + stubs + ":" + javaBin() + ":/usr/bin:/bin"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(install.resolve("bin/scatter").toString());
        argv.addAll(List.of(args));
        return sh(work, argv);
    }

    /** As {@link #scatter(String...)}, under a login node's virtual-memory limit (its start-up cache in {@code dir/ulimit-cache}). */
    private Result scatterUnderUlimit(long kilobytes, String... args) throws Exception {
        return scatterUnderUlimit(kilobytes, Map.of(), args);
    }

    private Result scatterUnderUlimit(long kilobytes, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "ulimit -v " + kilobytes + " && exec \"$@\"", "bash",
                "env", "XDG_CACHE_HOME=" + dir.resolve("ulimit-cache")));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(install.resolve("bin/scatter").toString());
        argv.addAll(List.of(args));
        return sh(work, argv);
    }

    private Result scatter(String... args) throws Exception {
        return scatter(Map.of(), args);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin").toString();
    }

    /** A JDK 25 (SCATTER_IT_JAVA25_HOME, else the Temurin 25 of our machines), or the test is skipped. */
    private static Path jdk25() {
        Path home = Path.of(Optional.ofNullable(System.getenv("SCATTER_IT_JAVA25_HOME")).orElse("/usr/lib/jvm/temurin-25-jdk-amd64"));
        assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK 25 at " + home);
        return home;
    }

    /** The one start-up cache directory (scatter version, Java version) under {@code cacheHome}/scatter. */
    private static Path cacheDir(Path cacheHome) throws IOException {
        try (Stream<Path> found = Files.walk(cacheHome.resolve("scatter"), 2)) {
            List<Path> dirs = found.filter(p -> p.getFileName().toString().startsWith("java-")).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    /**
     * What the JVM says of the cache the launcher gives it, without running scatter
     * (-XX:+PrintSharedArchiveAndExit, through JDK_JAVA_OPTIONS, which the JVM reads before the
     * launcher's options): the classes it holds, and "archive is valid" when this JVM takes it.
     */
    private Result cacheAsTheJvmSeesIt(Map<String, String> env) throws Exception {
        Map<String, String> with = new java.util.HashMap<>(env);
        with.put("JDK_JAVA_OPTIONS", "-XX:+PrintSharedArchiveAndExit");
        return scatter(with, "--version");
    }

    /** The training ran status and gather too, not only run: classes only they load are in the cache. */
    private static void holdsWhatEachTrainedCommandLoads(Result printed) {
        assertThat(printed.exitCode()).as(printed.toString()).isZero();
        assertThat(printed.stdout()).contains("archive is valid", "dev.scatter.cli.StatusReport ", "dev.scatter.core.gather.Gatherer ");
    }

    @Test
    void runsReadOnlyAsAnotherUserWithoutMaven() throws Exception {
        long t0 = System.nanoTime();
        Result version = scatter("--version");
        long first = System.nanoTime() - t0;
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).startsWith("scatter " + install.getFileName().toString().replaceFirst("^scatter-", ""));
        assertThat(version.stderr()).isEmpty();

        // the per-user start-up cache, made on first use
        Path cache;
        try (Stream<Path> found = Files.walk(home.resolve(".cache/scatter"))) {
            cache = found.filter(p -> p.getFileName().toString().equals("scatter.jsa")).findFirst().orElseThrow();
        }
        FileTime made = Files.getLastModifiedTime(cache);

        // the README's first command
        Result run = scatter("run", "--range", "1..1000", "--chunk", "50", "--", "factor", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Result gather = scatter("gather");
        assertThat(gather.exitCode()).as(gather.toString()).isZero();
        assertThat(gather.stdout().lines().toList()).hasSize(1000).last().isEqualTo("1000: 2 2 2 5 5 5");

        Result man = scatter("man", "run");
        assertThat(man.exitCode()).isZero();
        assertThat(man.stdout()).contains(".TH \"SCATTER\\-RUN\" \"1\"");

        long t1 = System.nanoTime();
        assertThat(scatter("--version").exitCode()).isZero();
        long second = System.nanoTime() - t1;
        assertThat(Files.getLastModifiedTime(cache)).as("the cache is reused, not made again").isEqualTo(made);
        assertThat(second).as("a start with the cache is not slower than the first").isLessThanOrEqualTo(first);
        Result doctor = scatter("doctor");
        assertThat(doctor.stdout()).contains("install     scatter in " + install + "; start-up cache " + cache);
        assertThat(dir.resolve("mvn-was-called")).doesNotExist();
        assertThat(install.resolve("lib")).isDirectory();
        try (Stream<Path> written = Files.walk(install)) {
            assertThat(written.filter(p -> p.getFileName().toString().endsWith(".jsa"))).as("nothing written into the install").isEmpty();
        }
    }

    /**
     * JDK 17: one training JVM runs --version, run, status, runs and gather; the static AppCDS
     * archive it leaves holds the classes of each, picocli's (Java 5 class files) too, and the next
     * start's JVM takes it.
     */
    @Test
    void onJdk17TheStartUpCacheIsAStaticArchiveOfEveryTrainedCommand() throws Exception {
        // a login node: auto would pick SLURM, and the training must still run on this machine only
        for (String tool : List.of("sbatch", "squeue", "scontrol", "sacct", "scancel")) {
            Files.writeString(stubs.resolve(tool), "#!/bin/sh\necho \"$0 $*\" >> " + dir.resolve("slurm-was-called") + "\nexit 1\n");
            stubs.resolve(tool).toFile().setExecutable(true, false);
        }
        Result version = scatter("--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stderr()).isEmpty();
        Path cache = cacheDir(home.resolve(".cache"));
        assertThat(cache.getFileName().toString()).startsWith("java-17");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("only the cache, no temporary file left").containsExactly("scatter.jsa");
        }
        Result printed = cacheAsTheJvmSeesIt(Map.of());
        holdsWhatEachTrainedCommandLoads(printed);
        assertThat(printed.stdout()).contains("picocli.CommandLine$Model$CommandSpec ");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("the training ran elsewhere").isEmpty();
        }
        assertThat(dir.resolve("slurm-was-called")).as("the training submitted nothing to the cluster").doesNotExist();
    }

    /**
     * JDK 25: the launcher makes Leyden's AOT cache (-XX:AOTCacheOutput) of the same training, the
     * next start uses it (-XX:AOTCache) without making it again, and nothing is printed on the way.
     */
    @Test
    void onJdk25TheStartUpCacheIsAnAotCacheThatTheNextStartUses() throws Exception {
        Map<String, String> jdk25 = Map.of("JAVA_HOME", jdk25().toString());
        Result first = scatter(jdk25, "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).isEmpty();
        Path cache = cacheDir(home.resolve(".cache"));
        assertThat(cache.getFileName().toString()).startsWith("java-25");
        Path aot = cache.resolve("scatter.aot");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("scatter.aot");
        }
        FileTime made = Files.getLastModifiedTime(aot);

        Result run = scatter(jdk25, "run", "--range", "1..20", "--", "echo", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Result status = scatter(jdk25, "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stderr()).isEmpty();
        assertThat(scatter(jdk25, "gather").stdout().lines()).hasSize(20).last().isEqualTo("20");
        assertThat(Files.getLastModifiedTime(aot)).as("the cache is used, not made again").isEqualTo(made);
        holdsWhatEachTrainedCommandLoads(cacheAsTheJvmSeesIt(jdk25));
        assertThat(scatter(jdk25, "doctor").stdout()).contains("start-up cache " + aot);
    }

    /** A cache directory nobody can write: each start is slower, and nothing else changes (no message, no cache). */
    @Test
    void anUnwritableCacheDirectoryIsSkippedSilently() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only-cache"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<Map<String, String>> jdks = new ArrayList<>(List.of(Map.of("XDG_CACHE_HOME", readOnly.toString())));
        if (Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")) || System.getenv("SCATTER_IT_JAVA25_HOME") != null) {
            jdks.add(Map.of("XDG_CACHE_HOME", readOnly.toString(), "JAVA_HOME", jdk25().toString()));
        }
        for (Map<String, String> env : jdks) {
            Result version = scatter(env, "--version");
            assertThat(version.exitCode()).as(version.toString()).isZero();
            assertThat(version.stdout()).startsWith("scatter ");
            assertThat(version.stderr()).as("%s", env).isEmpty();
            Result doctor = scatter(env, "doctor");
            assertThat(doctor.stdout()).contains("no start-up cache");
        }
        try (Stream<Path> files = Files.list(readOnly)) {
            assertThat(files).isEmpty();
        }
    }

    /** Login nodes often cap virtual memory (ulimit -v): the JVM's default class space and heap did not fit in 2 GB. */
    @Test
    void startsAndRunsUnderATwoGigabyteAddressSpaceLimit() throws Exception {
        Result run = scatterUnderUlimit(2_000_000, "run", "--range", "1..40", "--chunk", "4", "--", "factor", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).doesNotContain("Error occurred during initialization of VM", "OutOfMemoryError");
        assertThat(scatterUnderUlimit(2_000_000, "gather").stdout().lines()).hasSize(40).last().isEqualTo("40: 2 2 2 5");
        // the static archive and the AOT cache cannot be made in 2 GB: a dynamic archive is
        assertThat(cacheDir(dir.resolve("ulimit-cache")).resolve("scatter.jsa")).isRegularFile();
    }

    /** JDK 25 under the same limit: a dynamic archive too (its training needs a smaller heap), and quiet. */
    @Test
    void onJdk25UnderATwoGigabyteAddressSpaceLimitADynamicArchiveIsMade() throws Exception {
        Map<String, String> jdk25 = Map.of("JAVA_HOME", jdk25().toString());
        Result run = scatterUnderUlimit(2_000_000, jdk25, "run", "--range", "1..10", "--", "factor", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).doesNotContain("Error occurred during initialization of VM", "OutOfMemoryError", "warning");
        Path cache = cacheDir(dir.resolve("ulimit-cache"));
        assertThat(cache.resolve("scatter.jsa")).isRegularFile();
        assertThat(cache.resolve("training-failed")).doesNotExist();
        Result gather = scatterUnderUlimit(2_000_000, jdk25, "gather");
        assertThat(gather.stderr()).isEmpty();
        assertThat(gather.stdout().lines()).hasSize(10);
    }

    @Test
    void shipsManPagesCompletionAndAModule() throws Exception {
        assertThat(install.resolve("share/man/man1/scatter-run.1")).isRegularFile();
        assertThat(install.resolve("share/bash-completion/completions/scatter")).content().contains("_complete_scatter");
        assertThat(install.resolve("share/zsh/scatter-completion.zsh")).isRegularFile();
        assertThat(install.resolve("INSTALL")).content().doesNotContain("@project.version@");
        assertThat(install.resolve("LICENSE")).content().contains("Apache License");
        String version = Files.readString(install.resolve("VERSION")).strip();
        assertThat(install.resolve("share/modulefiles/scatter/" + version)).isRegularFile();
        assumeTrue(Files.isRegularFile(Path.of("/usr/share/modules/init/bash")), "environment-modules is not installed");
        Result module = sh(work, List.of("bash", "-c", "source /usr/share/modules/init/bash && module use "
                + install.resolve("share/modulefiles") + " && module load scatter/" + version + " && command -v scatter"
                + " && man -w scatter-run && man -w ls"));
        assertThat(module.exitCode()).as(module.toString()).isZero();
        assertThat(module.stdout().lines().toList()).containsExactly(install.resolve("bin/scatter").toString(),
                install.resolve("share/man/man1/scatter-run.1").toString(), "/usr/share/man/man1/ls.1.gz");
    }

    @Test
    void aJavaOlderThan17IsOneLineExitTwo() throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk11/bin"));
        Files.writeString(jdk.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\nexit 0\n");
        jdk.resolve("java").toFile().setExecutable(true, false);
        Result viaHome = scatter(Map.of("JAVA_HOME", jdk.getParent().toString()), "--version");
        assertThat(viaHome.exitCode()).isEqualTo(2);
        assertThat(viaHome.stderr().strip()).hasLineCount(1)
                .isEqualTo("scatter: " + jdk.resolve("java") + " is Java 11.0.22; scatter needs Java 17 or newer:"
                        + " set JAVA_HOME to one (or module load it)");
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\n");
        Result eight = scatter(Map.of("JAVA_HOME", jdk.getParent().toString()), "--version");
        assertThat(eight.exitCode()).isEqualTo(2);
        assertThat(eight.stderr()).contains("is Java 1.8.0_402; scatter needs Java 17 or newer");
    }

    /** A process's exit code and output. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static Result sh(Path cwd, List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ended", argv).isTrue();
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.scatter.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.config.ConfigLocations;
import dev.scatter.core.spi.Check;
import dev.scatter.core.wrapper.WrapperScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scatter doctor finds on every backend: thread variables, disk, write access, the JVM, ulimit -v. */
class MachineChecksTest {

    @TempDir
    Path dir;

    @Test
    void shouldBeContentWhenNoThreadVariableIsInherited() {
        Check c = MachineChecks.threads(Map.of("PATH", "/usr/bin", "HOME", "/root"));
        assertThat(c.level()).isEqualTo(Check.Level.OK);
        assertThat(c.text()).contains("OMP_NUM_THREADS").contains("thread guard");
    }

    @Test
    void shouldWarnThatAnInheritedThreadVariableOverridesTheThreadGuard() {
        Check c = MachineChecks.threads(Map.of("OMP_NUM_THREADS", "4", "PATH", "/usr/bin"));
        assertThat(c.level()).isEqualTo(Check.Level.WARN);
        assertThat(c.text()).startsWith("OMP_NUM_THREADS=4 set here: it overrides scatter's thread guard");
        assertThat(c.fix()).hasValueSatisfying(f -> assertThat(f).contains("unset OMP_NUM_THREADS").contains("-c"));
    }

    @Test
    void shouldLookAtEveryVariableTheThreadGuardSets() {
        for (String variable : WrapperScript.THREAD_VARIABLES) {
            assertThat(MachineChecks.threads(Map.of(variable, "")).level()).as(variable).isEqualTo(Check.Level.WARN);
        }
        Check two = MachineChecks.threads(Map.of("MKL_NUM_THREADS", "8", "OPENBLAS_NUM_THREADS", "2"));
        assertThat(two.text()).startsWith("OPENBLAS_NUM_THREADS=2, MKL_NUM_THREADS=8 set here: they override");
        assertThat(two.fix().orElseThrow()).startsWith("unset OPENBLAS_NUM_THREADS MKL_NUM_THREADS ");
    }

    @Test
    void shouldWarnBelowOneGibAndFailBelowFiftyMibOfFreeSpace() {
        assertThat(MachineChecks.disk(dir, 1L << 30).level()).isEqualTo(Check.Level.OK);
        assertThat(MachineChecks.disk(dir, (1L << 30) - 1).level()).isEqualTo(Check.Level.WARN);
        assertThat(MachineChecks.disk(dir, 50L << 20).level()).isEqualTo(Check.Level.WARN);
        Check full = MachineChecks.disk(dir, (50L << 20) - 1);
        assertThat(full.level()).isEqualTo(Check.Level.FAIL);
        assertThat(full.text()).isEqualTo("50.0 MiB free on the filesystem of " + dir);
        assertThat(MachineChecks.disk(dir).text()).endsWith(" free on the filesystem of " + dir);
    }

    @Test
    void shouldLookAtDotScatterOnceItExistsAndAtTheWorkingDirectoryBefore() throws IOException {
        assertThat(MachineChecks.runsFilesystem(dir)).isEqualTo(dir);
        Files.createDirectory(dir.resolve(".scatter"));
        assertThat(MachineChecks.runsFilesystem(dir)).isEqualTo(dir.resolve(".scatter"));
    }

    @Test
    void shouldFindADirectoryWritableByWritingAFileAndLeaveNothing() throws IOException {
        assertThat(MachineChecks.writable(dir).level()).isEqualTo(Check.Level.OK);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldFailWhereNoFileCanBeCreatedEvenForRoot() {
        Check c = MachineChecks.writable(Path.of("/proc"));
        assertThat(c.level()).isEqualTo(Check.Level.FAIL);
        assertThat(c.text()).startsWith("/proc is not writable (");
        assertThat(c.fix()).isPresent();
    }

    @Test
    void shouldWarnWhenUlimitVLeavesLessThanFourGib() throws Exception {
        Check three = MachineChecks.addressSpace(Optional.of(limitsUnder("ulimit -v 3145728")));
        assertThat(three.level()).isEqualTo(Check.Level.WARN);
        assertThat(three.text()).startsWith("address space limited to 3.0 GiB (ulimit -v): a JVM reserves more");
        assertThat(three.fix().orElseThrow()).contains("ulimit -v unlimited").contains("-Xmx");
        Check eight = MachineChecks.addressSpace(Optional.of(limitsUnder("ulimit -v 8388608")));
        assertThat(eight).isEqualTo(Check.ok("ulimit", "address space limited to 8.0 GiB (ulimit -v)"));
        assertThat(MachineChecks.addressSpace(Optional.of(limitsUnder("ulimit -v unlimited"))))
                .isEqualTo(Check.ok("ulimit", "address space unlimited (ulimit -v)"));
        assertThat(MachineChecks.addressSpace(Optional.empty()).level()).isEqualTo(Check.Level.OK);
    }

    @Test
    void shouldNameTheJavaVersionAndTheMaxHeap() {
        assertThat(MachineChecks.java().text()).startsWith("Java " + Runtime.version() + " (").contains("), max heap ");
    }

    @Test
    void shouldRefuseAWarningWithoutAFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Check("disk", Check.Level.WARN, "full", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code /proc/self/limits} of a real process started under {@code limit} (bash's ulimit). */
    private static String limitsUnder(String limit) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", limit + " && cat /proc/self/limits").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void installNamesTheCacheAndWarnsWithoutOne(@TempDir Path tmp) throws Exception {
        Path jsa = Files.createFile(tmp.resolve("scatter.jsa"));
        Check cached = MachineChecks.install(Optional.of("/opt/scatter-1.0"), Optional.of(jsa.toString()));
        assertThat(cached.level()).isEqualTo(Check.Level.OK);
        assertThat(cached.text()).isEqualTo("scatter in /opt/scatter-1.0; start-up cache " + jsa);
        Check none = MachineChecks.install(Optional.of("/opt/scatter-1.0"), Optional.of(tmp.resolve("ro/scatter.jsa").toString()));
        assertThat(none.level()).isEqualTo(Check.Level.WARN);
        assertThat(none.fix()).get().asString().contains("XDG_CACHE_HOME");
        assertThat(MachineChecks.install(Optional.empty(), Optional.empty()).text()).contains("without scatter's launcher");
    }

    @Test
    void configListsTheFilesThatApplyInOrder(@TempDir Path tmp) throws Exception {
        Path site = Files.writeString(tmp.resolve("site.toml"), "chunk = 1\n");
        Path project = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(project.resolve("scatter.toml"), "chunk = 2\n");
        Check c = MachineChecks.config(ConfigLocations.of(project, Map.of("SCATTER_SITE_CONFIG", site.toString(),
                "HOME", tmp.resolve("home").toString())));
        assertThat(c.text()).isEqualTo("scatter run's defaults come from site " + site + ", then project "
                + project.resolve("scatter.toml") + " (scatter config shows each value)");
    }
}

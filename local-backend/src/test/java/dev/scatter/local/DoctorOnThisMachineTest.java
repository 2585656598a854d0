package dev.scatter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import dev.scatter.core.doctor.Doctor;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's {@link Doctor} on this machine's real backend, the probe included: what {@code scatter doctor} does here. */
class DoctorOnThisMachineTest {

    @TempDir
    Path dir;

    /** A machine of 4 cores and 8 GiB, whatever this one has, so the lines are known. */
    private static final LocalMachine MACHINE = new LocalMachine(4, 8192, 6144, List.of());

    private static final BackendCatalog HERE = new BackendCatalog() {
        @Override
        public Backend open(String name) {
            if (!name.equals("local")) {
                throw new UsageException("--backend " + name + " is not known here");
            }
            return new LocalBackend(MACHINE);
        }

        @Override
        public Backend simulated(String name) {
            throw new UsageException("no simulator here");
        }

        @Override
        public Choice auto() {
            return new Choice("local", "no scheduler in this test");
        }
    };

    private Doctor doctor(Map<String, String> env) {
        return new Doctor(dir, HERE, env);
    }

    @Test
    void shouldTellTheBackendAutoPicksThenThisMachineInOrder() {
        List<Check> told = new ArrayList<>();
        Doctor.Report report = doctor(Map.of("PATH", "/usr/bin")).examine(new Doctor.Request("auto", Optional.empty()), told::add);
        assertThat(report.backend()).isEqualTo("local");
        assertThat(report.checks()).isEqualTo(told);
        assertThat(report.checks()).extracting(Check::topic)
                .containsExactly("backend", "cores", "memory", "pool", "threads", "disk", "writable", "java", "ulimit", "install", "config");
        assertThat(report.checks().get(0)).isEqualTo(Check.ok("backend", "auto picks local: no scheduler in this test"));
        assertThat(report.checks().get(1).text()).startsWith("4 for tasks here");
        assertThat(report.checks().get(2).text()).isEqualTo("8.0 GiB, 6.0 GiB available now");
        assertThat(report.checks().get(3).text()).startsWith("4 task(s) at once with 1 cpu per task (cores: 4 ÷ 1 cpus per task)");
        assertThat(report.failed()).isFalse();
    }

    @Test
    void shouldSayWhatAutoWouldPickWhenABackendIsNamed() {
        Check backend = doctor(Map.of()).examine(new Doctor.Request("local", Optional.empty()), c -> { }).checks().get(0);
        assertThat(backend.text()).isEqualTo("local, as --backend asked (auto would pick local: no scheduler in this test)");
        assertThatThrownBy(() -> doctor(Map.of()).examine(new Doctor.Request("nope", Optional.empty()), c -> { }))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void shouldWarnOfAnInheritedThreadVariableWithoutFailing() {
        Doctor.Report report = doctor(Map.of("OMP_NUM_THREADS", "4")).examine(new Doctor.Request("auto", Optional.empty()), c -> { });
        assertThat(report.checks()).filteredOn(c -> c.level() == Check.Level.WARN).extracting(Check::topic).containsExactly("threads");
        assertThat(report.count(Check.Level.WARN)).isEqualTo(1);
        assertThat(report.failed()).isFalse();
    }

    @Test
    void shouldRunTheProbeHereAndLeaveNothingBehind() throws IOException {
        Doctor.Report report = doctor(Map.of()).examine(new Doctor.Request("auto", Optional.of(Duration.ofMinutes(1))), c -> { });
        Check probe = report.checks().get(report.checks().size() - 1);
        assertThat(probe.topic()).isEqualTo("probe");
        assertThat(probe.level()).as(probe.text()).isEqualTo(Check.Level.OK);
        assertThat(probe.text()).startsWith("a one-entry run on local came back in ").endsWith("share " + dir);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("the probe's ledger and the .scatter it made are gone").isEmpty();
        }
    }

    @Test
    void shouldLeaveTheRunsOfTheDirectoryAsTheyWere() throws IOException {
        Path runs = Files.createDirectories(dir.resolve(".scatter/runs/1"));
        Files.writeString(runs.resolve("spec.json"), "{}");
        doctor(Map.of()).examine(new Doctor.Request("auto", Optional.of(Duration.ofMinutes(1))), c -> { });
        try (Stream<Path> left = Files.list(dir.resolve(".scatter"))) {
            assertThat(left).containsExactly(dir.resolve(".scatter/runs"));
        }
        assertThat(runs.resolve("spec.json")).hasContent("{}");
    }
}

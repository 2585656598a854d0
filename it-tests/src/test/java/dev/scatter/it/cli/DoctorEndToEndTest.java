package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scatter doctor}, the packaged CLI as a process: on this machine, and with a simulated
 * SLURM or OpenPBS cluster's commands first on PATH ({@code scatter sim start}), as a user on a
 * login node would run it.
 */
class DoctorEndToEndTest {

    @TempDir
    Path dir;

    private ScatterCli.Result doctor(Map<String, String> env, String... options) {
        List<String> argv = new ArrayList<>(List.of("doctor"));
        argv.addAll(List.of(options));
        return new ScatterCli(dir, env).run(argv.toArray(String[]::new));
    }

    /** The bin directory of a simulated cluster started in the test's directory; {@link #stop} ends it. */
    private Path simulated(String dialect, String... options) {
        List<String> argv = new ArrayList<>(List.of("sim", "start", "--dialect", dialect, "--state-dir", dir.resolve("sim").toString()));
        argv.addAll(List.of(options));
        ScatterCli.Result start = new ScatterCli(dir).run(argv.toArray(String[]::new));
        assertThat(start.exitCode()).as(start.toString()).isZero();
        return Path.of(start.stdout().strip());
    }

    private void stop() {
        new ScatterCli(dir).run("sim", "stop", "--state-dir", dir.resolve("sim").toString());
    }

    private static Map<String, String> firstOnPath(Path bin) {
        return Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    @Test
    void onThisMachineAutoPicksLocalAndTellsItsCoresMemoryAndPool() throws Exception {
        ScatterCli.Result r = doctor(Map.of());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("OK   backend     auto picks local: neither sbatch nor qsub is on PATH\n")
                .contains("OK   cores       " + Runtime.getRuntime().availableProcessors() + " for tasks here")
                .contains("OK   memory      ")
                .contains("OK   pool        ")
                .contains("OK   disk        ")
                .contains("OK   writable    " + dir.toRealPath())
                .contains("OK   java        Java ")
                .contains("OK   ulimit      ");
        assertThat(r.stdout().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("scatter doctor: 0 failures, ");
        assertThat(dir.resolve(".scatter")).doesNotExist();
    }

    @Test
    void anInheritedThreadVariableIsAWarningWithItsFix() {
        ScatterCli.Result r = doctor(Map.of("OMP_NUM_THREADS", "4"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("WARN threads     OMP_NUM_THREADS=4 set here: it overrides scatter's thread guard")
                .contains("\n     fix: unset OMP_NUM_THREADS before scatter run, or pass -c");
    }

    @Test
    void jsonHoldsEveryCheckWithItsLevelAndFix() throws Exception {
        ScatterCli.Result r = doctor(Map.of("OPENBLAS_NUM_THREADS", "2"), "--json", "--probe");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.stdout());
        assertThat(report.path("backend").asText()).isEqualTo("local");
        assertThat(report.path("fails").asInt()).isZero();
        assertThat(report.path("warnings").asInt()).isPositive();
        List<String> topics = new ArrayList<>();
        for (JsonNode check : report.path("checks")) {
            topics.add(check.path("topic").asText());
            assertThat(check.path("level").asText()).isIn("OK", "WARN", "FAIL");
            assertThat(check.path("text").asText()).isNotBlank();
            assertThat(check.path("fix").isNull()).as(check.toString()).isEqualTo(check.path("level").asText().equals("OK"));
        }
        assertThat(topics).startsWith("backend", "cores", "memory", "pool").endsWith("probe").contains("threads", "disk");
        assertThat(report.path("checks").get(topics.indexOf("probe")).path("text").asText())
                .startsWith("a one-entry run on local came back in ");
    }

    @Test
    void withASimulatedSlurmOnPathAutoPicksItAndTheProbeComesBack() {
        Path bin = simulated("slurm");
        try {
            ScatterCli.Result r = doctor(firstOnPath(bin), "--probe");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout())
                    .contains("OK   backend     auto picks slurm: sbatch is on PATH at " + bin.resolve("sbatch") + "\n")
                    .contains("OK   version     SLURM 22.05.8 (sbatch --version)\n")
                    .contains("OK   arrays      MaxArraySize 1001: a run of more tasks is cut into several arrays"
                            + " (scontrol show config, SLURM 22.05.8)\n")
                    .contains("OK   accounting  on (AccountingStorageType)")
                    .contains("OK   job age     MinJobAge 5 min")
                    .contains("OK   probe       a one-entry run on slurm came back in ")
                    .doesNotContain("OK   cores");
            assertThat(dir.resolve(".scatter")).doesNotExist();
        } finally {
            stop();
        }
    }

    @Test
    void withASimulatedOpenPbsOnPathAutoPicksPbsProAndWarnsThatItKeepsNoHistory() {
        Path bin = simulated("pbs");
        try {
            ScatterCli.Result r = doctor(firstOnPath(bin));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout())
                    .contains("OK   backend     auto picks pbs (pbs-pro): qsub is on PATH at " + bin.resolve("qsub") + " (sbatch is not)\n")
                    .contains("OK   version     OpenPBS/PBS Pro 23.06.06 (qstat --version)\n")
                    .contains("OK   arrays      max_array_size 10000: ")
                    .contains("WARN accounting  off (job_history_enable): ")
                    .contains("     fix: nothing to change in your runs");
        } finally {
            stop();
        }
    }

    @Test
    void aSchedulerThatDoesNotAnswerIsAFailWithTheCommandItsExitStatusAndOutputNeverACrash() {
        Path bin = simulated("slurm");
        stop();   // its commands stay on PATH, and now fail as a dead controller's would
        ScatterCli.Result r = doctor(firstOnPath(bin), "--probe", "--probe-timeout", "20s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout())
                .contains("FAIL version     sbatch --version failed\n")
                .contains("- command     : sbatch --version\n")
                .contains("- exit status : ")
                .contains("FAIL limits      scontrol show config failed\n")
                .contains("FAIL probe       a one-entry run on slurm could not be started: ")
                .contains("scatter doctor: 3 failures, ");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void helpDescribesEveryOption() {
        ScatterCli.Result r = new ScatterCli(dir).run("doctor", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("--backend=NAME").contains("--probe ").contains("--probe-timeout=TIME").contains("--json")
                .contains("Exit code: 0 when no check failed");
        assertThat(new ScatterCli(dir).run("--help").stdout()).contains("doctor");
    }

    @Test
    void anUnknownBackendIsAUsageError() {
        ScatterCli.Result r = doctor(Map.of(), "--backend", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("scatter: --backend nope is not known");
        assertThat(Files.exists(dir.resolve(".scatter"))).isFalse();
    }
}

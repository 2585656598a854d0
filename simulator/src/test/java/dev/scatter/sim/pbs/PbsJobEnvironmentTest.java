package dev.scatter.sim.pbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.fixtures.Fixture;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.testing.SimHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where PBS jobs start, what they see, and where their output lands (traps PBS 3, 4, 13). */
class PbsJobEnvironmentTest {

    private SimHarness h;

    @BeforeEach
    void cluster() {
        h = SimHarness.pbs(Scheduler.OPENPBS, b -> b.pbsHistory(true));
        h.write("env.sh", SimHarness.ENV_SH);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void startsSubjobsInHomeWithPbsOwnVariables() {
        h.sim().cluster().setNextJobId(15);
        assertThat(h.run(Fixture.pbs("qsub_env_array").argv()).stdout()).isEqualTo("15[].pbshost\n");
        h.awaitJobFinished(15, Duration.ofSeconds(10));
        Map<String, String> env = env(h.read("env.o15.1"));
        Map<String, String> expected = env(Fixture.pbs("env_subjob").stdout());
        for (String name : List.of("NCPUS", "OMP_NUM_THREADS", "PBS_ARRAY_ID", "PBS_ARRAY_INDEX", "PBS_JOBID", "PBS_JOBNAME",
                "PBS_ENVIRONMENT", "PBS_O_QUEUE", "PBS_O_HOST", "PBS_O_SYSTEM", "PBS_QUEUE", "PBS_TASKNUM", "PBS_NODENUM",
                "PBS_MOMPORT", "PBS_O_LANG", "PBS_O_SHELL", "ENVIRONMENT", "LOGNAME", "USER")) {
            assertThat(env.get(name)).as(name).isEqualTo(expected.get(name));
        }
        assertThat(env.get("PWD")).isEqualTo(h.home().toString());
        assertThat(env.get("PBS_O_WORKDIR")).isEqualTo(h.fx().toString());
        assertThat(env.get("TMPDIR")).contains("15[1].pbshost");
        assertThat(env.get("PBS_JOBCOOKIE")).matches("[0-9A-F]{32}");
        assertThat(env).doesNotContainKey("LANG");
    }

    @Test
    void overridesTheUsersOmpNumThreads() {
        h.sim().cluster().setNextJobId(16);
        assertThat(h.run(Fixture.pbs("qsub_env_plain").argv()).stdout()).isEqualTo("16.pbshost\n");
        h.awaitJobFinished(16, Duration.ofSeconds(10));
        Map<String, String> env = env(h.read("envp.o16"));
        Map<String, String> expected = env(Fixture.pbs("env_plain_job").stdout());
        for (String name : List.of("NCPUS", "OMP_NUM_THREADS", "FOO", "PBS_JOBID", "PBS_JOBNAME")) {
            assertThat(env.get(name)).as(name).isEqualTo(expected.get(name));
        }
    }

    @Test
    void deliversOutputFilesUnderPbsNamesWhenJobsEnd() throws IOException {
        Path outs = Files.createDirectories(h.fx().resolve("outs/logs"));
        h.sim().cluster().setNextJobId(17);
        for (String s : List.of("qsub_out_default_array", "qsub_out_token", "qsub_out_same_file", "qsub_out_directory",
                "qsub_out_join", "qsub_out_plain")) {
            Fixture f = Fixture.pbs(s);
            assertThat(h.sim().run(new dev.scatter.sim.Invocation(f.argv(), outs.getParent(), h.loginEnv(), ""))
                    .stdout()).as(s).isEqualTo(f.stdout());
        }
        for (long id = 17; id <= 22; id++) {
            h.awaitJobFinished(id, Duration.ofSeconds(10));
        }
        List<String> expected = Arrays.stream(Fixture.pbs("ls_output_names").stdout().split("\n"))
                .filter(l -> !l.isBlank() && !l.endsWith(":") && !l.equals("logs")).sorted().toList();
        try (Stream<Path> files = Files.walk(outs.getParent())) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).isEqualTo(expected);
        }
        assertThat(Files.readString(outs.getParent().resolve("same.out"))).isEqualTo(Fixture.pbs("cat_same_out").stdout());
    }

    private static Map<String, String> env(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b, TreeMap::new));
    }
}

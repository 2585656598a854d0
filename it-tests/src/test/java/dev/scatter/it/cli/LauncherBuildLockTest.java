package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./scatter} builds the CLI when its sources changed, once: two first launches
 * at the same moment used to run two Maven builds into the same target directory, and one failed.
 * Here the real launcher runs in a copy of the repository's layout whose {@code mvn} is a stand-in
 * that takes a while, counts how many builds overlap, and then "builds" the jar.
 */
class LauncherBuildLockTest {

    @TempDir
    Path dir;

    @Test
    void twoLaunchesAfterASourceChangeBuildOnceAndBothRun() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(ScatterCli.repository().resolve("scatter"), repo.resolve("scatter"));
        Path jar = Files.createDirectories(repo.resolve("cli/target/quarkus-app")).resolve("quarkus-run.jar");
        Files.writeString(jar, "old");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.createDirectories(repo.resolve("core/src/main/java"));
        Files.writeString(repo.resolve("core/src/main/java/Changed.java"), "class Changed {}\n");
        // the release launcher the checkout's one hands over to: says it ran
        Path dist = Files.createDirectories(repo.resolve("cli/src/dist/bin"));
        executable(dist.resolve("scatter"), "#!/bin/sh\necho ran \"$@\"\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("builds.log");
        executable(bin.resolve("mvn"), "#!/bin/bash\n"
                + "echo start >> " + log + "\n"
                + "sleep 2\n"
                + "touch " + jar + "\n"
                + "echo end >> " + log + "\n");

        List<Process> launches = List.of(launch(repo, bin), launch(repo, bin));
        for (Process p : launches) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("ran --version");
        }
        assertThat(Files.readAllLines(log)).as("one build, not two overlapping").containsExactly("start", "end");
    }

    private Process launch(Path repo, Path bin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("scatter").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        return pb.start();
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        file.toFile().setExecutable(true, false);
    }
}

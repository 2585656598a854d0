package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** {@code scatter man}: a page from the running command tree; a command it does not know is a usage error. */
@QuarkusMainTest
class ManCommandTest {

    @Test
    void printsTheRunPageWithItsRealOptions(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("man", "run");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith(".\\\" -*- coding: UTF-8 -*-")
                .contains(".TH \"SCATTER\\-RUN\" \"1\"")
                .contains("scatter\\-run \\- Run COMMAND once per input entry")
                .contains("\\fB\\-\\-chunk\\fR=\\fIN|auto\\fR")
                .contains("\\fB\\-c\\fR, \\fB\\-\\-cpus\\-per\\-task\\fR=\\fIN\\fR")
                .contains("OPENBLAS_NUM_THREADS, … to the cpus per task");
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    void aCommandTwoWordsDeep(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("man", "sim", "start");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains(".TH \"SCATTER\\-SIM\\-START\" \"1\"").contains("\\fB\\-\\-dialect\\fR=\\fINAME\\fR");
    }

    @Test
    void noCommandIsScattersOwnPage(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("man");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains(".TH \"SCATTER\" \"1\"").contains(".SH \"COMMANDS\"")
                .contains(".BR \"scatter\\-man\" \"(1),\"").contains(".BR \"scatter\\-run\" \"(1),\"");
    }

    @Test
    void anUnknownCommandIsOneLineExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("man", "bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput().strip()).startsWith("scatter: no command 'bogus': choose from run, status, ")
                .contains(", sim, ").contains(", man").hasLineCount(1);
        assertThat(result.getOutput()).isEmpty();

        LaunchResult deeper = launcher.launch("man", "sim", "bogus");
        assertThat(deeper.exitCode()).isEqualTo(2);
        assertThat(deeper.getErrorOutput().strip()).isEqualTo("scatter: no command 'sim bogus': choose from start, stop, status");
    }

    @Test
    void allNeedsADirectory(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("man", "--all");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput().strip()).isEqualTo("scatter: --all writes one file per command: give --dir DIR too");
    }
}

package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fuzz test over the whole command line: every option of every command, found by walking
 * picocli's command tree (so a new option is fuzzed without being listed), gets bad values of its
 * type — 0, -1, 99999999999, abc, the empty string, {@code 1..}, a path in a missing directory,
 * unicode, a value with a newline — run through the real CLI in this process. Whatever the value:
 * never exit 4 (an internal error), never a stack trace, an error is one line; a value that is no
 * number at all, or negative, is never accepted by a numeric option.
 *
 * <p>Each command gets a harmless context: {@code run --dry-run}, a finished three-entry run (its
 * directory as RUN) for the commands that read or change a run, a state directory under a
 * temporary directory for {@code sim}. Each option gets three of its type's values, rotating, so
 * every value meets some option of each type and the whole test stays under two minutes;
 * {@code -Dscatter.fuzz.all=true} gives every option every value (454 calls, about three minutes).
 */
@QuarkusMainTest
class NoInternalErrorTest {

    /** Values of a numeric option that are no valid number of anything. */
    private static final Set<String> NEVER_A_NUMBER = Set.of("-1", "99999999999", "abc", "", "1..", "1.5", "1\n2", "NaN",
            "Infinity", "1e400");

    private static final List<String> INTEGER_VALUES = List.of("0", "-1", "99999999999", "abc", "", "1..", "1.5", "٣", "1\n2");
    private static final List<String> DECIMAL_VALUES = List.of("0", "-1", "NaN", "Infinity", "abc", "", "1e400");
    private static final List<String> TEXT_VALUES = List.of("0", "-1", "99999999999", "abc", "", "1..", "/", "@MISSING@",
            "ünï ☃ 日本", "a\nb");
    /** Never "" or "/": an option that writes into a directory must not write into this module's or the root. */
    private static final List<String> PATH_VALUES = List.of("@MISSING@", "/proc/scatter-fuzz", "@FILE@/x", "@BASE@/ünï ☃",
            "@BASE@/a\nb");
    private static final List<String> RUN_VALUES = List.of("0", "-1", "99999999999", "abc", "", "/", "ünï ☃", "a\nb");

    /** The commands that take a RUN first: they get the finished run's directory. */
    private static final Set<String> ON_A_RUN = Set.of("status", "watch", "logs", "gather", "report", "retry", "cancel", "resume", "then");

    /** The cases reported in issue 12, always in. */
    private static final List<List<String>> REPORTED = List.of(
            List.of("cancel", "@RUN@", "1-99999999999"),
            List.of("cancel", "@RUN@", "1-2147483647"),
            List.of("sim", "start", "--state-dir", "@BASE@/sim", "--nodes", "0"),
            List.of("sim", "start", "--state-dir", "@BASE@/sim", "--cores", "-1"),
            List.of("sim", "start", "--state-dir", "@BASE@/sim", "--speedup", "0"),
            List.of("sim", "start", "--state-dir", "@BASE@/sim", "--mem", "0"),
            List.of("sim", "start", "--state-dir", "@BASE@/sim", "--min-job-age", "-1"));

    /** One call: the words typed, and whether the value was one no numeric option may take. */
    record Case(List<String> args, boolean mustFail) {
        @Override
        public String toString() {
            return String.join(" ", args).replace("\n", "\\n");
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        REPORTED.forEach(r -> cases.add(new Case(r, true)));
        CommandSpec root = ScatterCommand.tree().getCommandSpec();
        int rotation = 0;
        for (Map.Entry<List<String>, CommandSpec> c : commands(root).entrySet()) {
            List<String> path = c.getKey();
            for (OptionSpec option : c.getValue().options()) {
                if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()) {
                    continue;   // a flag takes no value
                }
                List<String> values = valuesFor(path, option);
                int perOption = Boolean.getBoolean("scatter.fuzz.all") ? values.size() : Math.min(3, values.size());
                for (int k = 0; k < perOption; k++) {
                    String value = values.get((rotation + k) % values.size());
                    cases.add(new Case(call(path, option.longestName(), value), isNumeric(option) && NEVER_A_NUMBER.contains(value)));
                }
                rotation++;
            }
            if (ON_A_RUN.contains(path.get(0))) {
                for (int k = 0; k < 2; k++) {
                    String ref = RUN_VALUES.get((rotation + k) % RUN_VALUES.size());
                    cases.add(new Case(List.of(path.get(0), ref), false));
                }
                rotation++;
            }
        }
        for (String entry : List.of("0", "-1", "99999999999", "abc", "3-1", "1:0", "٣")) {
            cases.add(new Case(List.of("cancel", "@RUN@", entry), false));
            cases.add(new Case(List.of("logs", "@RUN@", entry), false));
        }
        for (String word : List.of("abc", "", "a\nb")) {
            cases.add(new Case(List.of("help", word), false));
            cases.add(new Case(List.of("man", word), false));
            cases.add(new Case(List.of("completion", word), false));
        }
        return cases.stream().map(c -> Arguments.of(c.toString(), c.args(), c.mustFail()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverAnInternalErrorNorAStackTrace(String name, List<String> words, boolean mustFail, QuarkusMainLauncher launcher) {
        Case c = new Case(words, mustFail);
        Path base = base();
        Path run = sampleRun(launcher, base);
        List<String> args = c.args().stream().map(a -> a.replace("@RUN@", run.toString()).replace("@BASE@", base.toString())
                .replace("@MISSING@", base.resolve("missing/x").toString())
                .replace("@FILE@", base.resolve("a-file").toString())).toList();
        LaunchResult r = launcher.launch(args.toArray(String[]::new));
        try {
            String err = r.getErrorOutput();
            String what = c + " → exit " + r.exitCode() + "\n" + err;
            assertThat(r.exitCode()).as(what).isNotEqualTo(4);
            assertThat(err).as(what).doesNotContain("internal error").doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("at dev.").doesNotContain("at java.").doesNotContain("at picocli.");
            if (r.exitCode() == 2) {
                assertThat(err.strip().lines()).as(what).hasSize(1);
                assertThat(err).as(what).startsWith("scatter: ");
            }
            if (r.exitCode() == 3) {
                assertThat(err.strip().lines().reduce((a, b) -> b).orElse("")).as(what).startsWith("scatter: ");
            }
            if (c.mustFail()) {
                assertThat(r.exitCode()).as(what + "\n(a numeric option took a value that is no valid number)").isNotZero();
            }
        } finally {
            if (args.size() > 1 && args.get(0).equals("sim") && args.get(1).equals("start") && r.exitCode() == 0) {
                int dir = args.indexOf("--state-dir");
                launcher.launch("sim", "stop", "--state-dir", args.get(dir + 1));
            }
        }
        assertThat(Path.of(".scatter", "runs")).as("nothing written in this module's directory").doesNotExist();
    }

    @Test
    void theTreeIsWalkedAndEveryValuedOptionIsFuzzed() {
        List<String> fuzzed = cases().map(a -> a.get()[0].toString()).toList();
        for (String option : List.of("run --chunk", "run --mem", "run --max-running", "run --retries", "retry --chunk",
                "gather --output", "sim start --nodes", "sim start --speedup", "cancel --entries")) {
            String command = option.substring(0, option.lastIndexOf(' '));
            String flag = option.substring(option.lastIndexOf(' ') + 1);
            assertThat(fuzzed).as(option).anyMatch(s -> s.startsWith(command + " ") && s.contains(" " + flag + " "));
        }
        assertThat(fuzzed.size()).as("cases (each is a launch, ~0.5 s)").isBetween(100, Boolean.getBoolean("scatter.fuzz.all") ? 2000 : 250);
    }

    // ---------------------------------------------------------------- the tree and the values

    /** Every command below the top one, by the words a user types. */
    private static Map<List<String>, CommandSpec> commands(CommandSpec spec) {
        Map<List<String>, CommandSpec> out = new LinkedHashMap<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            List<String> path = new ArrayList<>(List.of(s.qualifiedName(" ").split(" ")));
            path.remove(0);
            if (!out.containsKey(path)) {
                out.put(path, s);
                out.putAll(commands(s));
            }
        }
        return out;
    }

    private static boolean isNumeric(OptionSpec option) {
        Class<?> t = option.type();
        return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == double.class
                || t == Double.class;
    }

    private static List<String> valuesFor(List<String> path, OptionSpec option) {
        Class<?> t = option.type();
        if (t == double.class || t == Double.class) {
            return DECIMAL_VALUES;
        }
        if (isNumeric(option)) {
            return INTEGER_VALUES;
        }
        if (t == Path.class || option.paramLabel().equals("DIR") || option.longestName().equals("--state-dir")) {
            return PATH_VALUES;
        }
        return TEXT_VALUES;
    }

    /** The command with its harmless context, and the option with its value. */
    private static List<String> call(List<String> path, String option, String value) {
        List<String> args = new ArrayList<>(path);
        String command = String.join(" ", path);
        if (command.equals("run")) {
            args.add("--dry-run");
            if (!Set.of("--inputs", "--csv", "--glob", "--range", "--param").contains(option)) {
                args.addAll(List.of("--range", "1..2"));
            }
            args.addAll(List.of(option, value, "--", "true"));
            return args;
        }
        if (ON_A_RUN.contains(command)) {
            args.add("@RUN@");
        }
        if (command.equals("sim start") && !option.equals("--state-dir")) {
            args.addAll(List.of("--state-dir", "@BASE@/sim"));
        }
        args.addAll(List.of(option, value));
        return args;
    }

    // ---------------------------------------------------------------- the harmless context

    /** A directory of this test's, the same for every class loader that runs it (a system property holds it). */
    private static Path base() {
        synchronized (System.class) {
            String dir = System.getProperty("scatter.fuzz.base");
            if (dir == null) {
                try {
                    // under target/, so that mvn clean removes it
                    Path d = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "no-internal-error-");
                    Files.writeString(d.resolve("a-file"), "a file, not a directory\n");
                    dir = d.toString();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty("scatter.fuzz.base", dir);
            }
            return Path.of(dir);
        }
    }

    /** A finished run of three entries under {@link #base()}, made once through the CLI itself. */
    private static Path sampleRun(QuarkusMainLauncher launcher, Path base) {
        Path run = base.resolve("run");
        if (!Files.exists(run.resolve("spec.json"))) {
            LaunchResult made = launcher.launch("run", "--run-dir", run.toString(), "--range", "1..3", "--", "echo {}");
            assertThat(made.exitCode()).as(made.getErrorOutput()).isZero();
        }
        return run;
    }
}

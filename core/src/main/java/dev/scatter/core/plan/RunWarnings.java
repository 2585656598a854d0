package dev.scatter.core.plan;

import dev.scatter.core.spi.Backend;
import dev.scatter.core.template.CommandTemplate;
import dev.scatter.core.template.SharedOutputCheck;
import dev.scatter.core.wrapper.WrapperScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run is warned about before it starts, each once: the run goes on, but the user should know.
 * (What must not run at all is in {@link RequestChecks}.)
 */
final class RunWarnings {

    /** The thread count a variable asks for: OpenMP's {@code 4,2} (nested levels) asks for 4 at first. */
    private static final Pattern THREADS = Pattern.compile("\\s*(\\d+)(?:\\D.*)?", Pattern.DOTALL);

    private RunWarnings() {
    }

    static List<String> of(RunRequest request, CommandTemplate template, Backend backend) {
        List<String> warnings = new ArrayList<>(SharedOutputCheck.warnings(template));
        template.appendedPlaceholders().ifPresent(p -> warnings.add(p.equals("{}")
                ? "no placeholder in the command: each entry is appended as its last argument ({} was assumed)"
                : "no placeholder in the command: each entry's columns are appended as its last arguments (" + p
                        + " was assumed)"));
        threadVariablesOverGuard(request, backend).ifPresent(warnings::add);
        return warnings;
    }

    /**
     * The wrapper's thread guard leaves a variable the task already has alone, so one the user
     * exported (OMP_NUM_THREADS=4 in a .bashrc) reaches every task where tasks inherit the
     * environment, and with more threads than {@code -c} they oversubscribe their cores.
     */
    private static Optional<String> threadVariablesOverGuard(RunRequest request, Backend backend) {
        if (!request.threadGuard() || !backend.tasksInheritEnvironment()) {
            return Optional.empty();
        }
        int cpus = request.resources().cpus();
        List<String> over = new ArrayList<>();
        for (String variable : WrapperScript.THREAD_VARIABLES) {
            String value = request.environment().get(variable);
            Matcher m = value == null ? null : THREADS.matcher(value);
            if (m != null && m.matches() && (m.group(1).length() > 9 || Integer.parseInt(m.group(1)) > cpus)) {
                over.add(variable + "=" + value.strip());
            }
        }
        if (over.isEmpty()) {
            return Optional.empty();
        }
        boolean one = over.size() == 1;
        String names = one ? over.get(0)
                : String.join(", ", over.subList(0, over.size() - 1)) + " and " + over.get(over.size() - 1);
        return Optional.of(names + (one ? " is set in your environment and wins" : " are set in your environment and win")
                + " over the thread guard (-c " + cpus + "): tasks may oversubscribe their cores; unset "
                + (one ? "it" : "them") + ", or pass --no-thread-guard to silence this");
    }
}

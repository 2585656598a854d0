package dev.scatter.core.plan;

import dev.scatter.core.spi.Backend;
import dev.scatter.core.template.CommandTemplate;
import dev.scatter.core.template.SharedOutputCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run is warned about before it starts, each once: the run goes on, but the user should know.
 * (What must not run at all is in {@link RequestChecks}.)
 */
final class RunWarnings {

    private RunWarnings() {
    }

    static List<String> of(RunRequest request, CommandTemplate template, Backend backend) {
        List<String> warnings = new ArrayList<>(SharedOutputCheck.warnings(template));
        template.appendedPlaceholders().ifPresent(p -> warnings.add(p.equals("{}")
                ? "no placeholder in the command: each entry is appended as its last argument ({} was assumed)"
                : "no placeholder in the command: each entry's columns are appended as its last arguments (" + p
                        + " was assumed)"));
        return warnings;
    }
}

package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scatter completion bash|zsh}: picocli's generated completion script. The one script
 * serves both shells: under zsh it loads {@code bashcompinit} itself.
 */
@Command(name = "completion", description = {"Print a shell completion script for scatter's commands, options and their values.", ""},
        footer = {"", "Examples:",
                "  source <(scatter completion bash)   # this shell; put it in ~/.bashrc to keep",
                "  scatter completion bash > ~/.local/share/bash-completion/completions/scatter",
                "  source <(scatter completion zsh)    # zsh, in ~/.zshrc"})
public class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh.")
    Shell shell;

    enum Shell { bash, zsh }

    /** Lower-case names, as typed. */
    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Shell.values()).map(Enum::name).iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return ExitCode.OK.code();
    }
}

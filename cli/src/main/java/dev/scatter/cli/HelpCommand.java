package dev.scatter.cli;

import dev.scatter.core.UsageException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code scatter help [COMMAND...]}: the help of scatter or of any command at any depth
 * ({@code scatter help sim start}). picocli's own help command takes one name only.
 */
@Command(name = "help", helpCommand = true,
        description = {"Show the help of scatter or of a command, e.g. scatter help run, scatter help sim start.", ""})
public class HelpCommand implements IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, and its subcommands.")
    List<String> names = new ArrayList<>();

    private CommandLine parent;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.parent = helpCommandLine.getParent();
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = parent;
        List<String> path = new ArrayList<>();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new UsageException("'" + String.join(" ", path.isEmpty() ? List.of(name) : append(path, name))
                        + "' is not a command: choose from " + String.join(", ", target.getSubcommands().keySet())
                        + " (see " + target.getCommandSpec().qualifiedName() + " --help)");
            }
            path.add(name);
            target = sub;
        }
        target.usage(out, colors);
        out.flush();
    }

    private static List<String> append(List<String> path, String name) {
        List<String> all = new ArrayList<>(path);
        all.add(name);
        return all;
    }
}

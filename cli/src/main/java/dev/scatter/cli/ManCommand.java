package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code scatter man [COMMAND...]}: the man page of scatter or of one command, made from the running command tree. */
@Command(name = "man", sortOptions = false,
        description = {"Print the man page of scatter or of one of its commands, in roff.",
                "Read it with man -l -, or write every page into a man1 directory with --all --dir.", ""},
        footer = {"", "Examples:",
                "  scatter man run | man -l -",
                "  scatter man sim start | man -l -",
                "  scatter man --all --dir ~/.local/share/man/man1    # then: man scatter-run"})
public class ManCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command whose page to print, e.g. run or sim start; none: scatter's own page.")
    List<String> command = new ArrayList<>();

    @Option(names = "--all", description = "Every command's page, scatter's included (with --dir).")
    boolean all;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Write the pages into DIR (created if missing) as scatter.1, scatter-run.1, …, and print their paths.")
    Path dir;

    @Override
    public Integer call() {
        if (all && !command.isEmpty()) {
            throw new UsageException("give a COMMAND or --all, not both");
        }
        if (all && dir == null) {
            throw new UsageException("--all writes one file per command: give --dir DIR too");
        }
        LocalDate date = pageDate();
        List<CommandSpec> pages = all ? everyCommand(spec.root(), new ArrayList<>()) : List.of(find(spec.root(), command));
        if (dir == null) {
            print(RoffManPage.render(pages.get(0), date));
            return ExitCode.OK.code();
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Files.createDirectories(dir);
            for (CommandSpec page : pages) {
                Path file = dir.resolve(RoffManPage.name(page) + ".1");
                Files.writeString(file, RoffManPage.render(page, date), StandardCharsets.UTF_8);
                out.println(file);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write the man pages into " + dir + ": " + reason(e));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it is a file, not a directory";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "cannot create " + f.getFile();
        }
        return e.getMessage();
    }

    /** The command named by {@code path} below {@code root}; aliases work too. */
    static CommandSpec find(CommandSpec root, List<String> path) {
        CommandSpec at = root;
        for (String name : path) {
            CommandLine sub = at.subcommands().get(name);
            if (sub == null) {
                String named = String.join(" ", path);
                var choices = RoffManPage.visibleSubcommands(at).keySet();
                throw new UsageException("no command '" + named + "': " + (choices.isEmpty()
                        ? at.qualifiedName() + " has no commands"
                        : "choose from " + String.join(", ", choices)));
            }
            at = sub.getCommandSpec();
        }
        return at;
    }

    /** {@code spec} and every visible command below it, parents first. */
    static List<CommandSpec> everyCommand(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        RoffManPage.visibleSubcommands(spec).values().forEach(c -> everyCommand(c.getCommandSpec(), into));
        return into;
    }

    /** Today, or SOURCE_DATE_EPOCH's day when it is set (reproducible release archives). */
    private static LocalDate pageDate() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.strip().matches("\\d+")) {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch.strip())), ZoneOffset.UTC);
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * The page as UTF-8 bytes (its coding line says so), whatever the platform's charset: Java 17
     * would write non-ASCII text as '?' under LANG=C.
     */
    private void print(String page) {
        spec.commandLine().getOut().flush();
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
    }
}

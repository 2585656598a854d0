package dev.scatter.core.remote;

import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A scheduler's commands run on the cluster's login node through a {@link RemoteShell}: the same
 * argv, in the same directory, one round trip each. Every word is quoted for the remote shell, so
 * paths with spaces, quotes or {@code $()} arrive as they left; the argv itself never passes
 * through a local shell.
 */
public final class RemoteCommandRunner implements CommandRunner {

    private final RemoteShell shell;

    public RemoteCommandRunner(RemoteShell shell) {
        this.shell = shell;
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String stdin = command.stdin();
        RemoteShell.Exit exit = shell.exec(line(command),
                stdin == null ? RemoteShell.Stdin.NONE : o -> o.write(stdin.getBytes(StandardCharsets.UTF_8)),
                in -> in.transferTo(out), timeout);
        return new CommandResult(command, exit.code(), out.toString(StandardCharsets.UTF_8), exit.stderr());
    }

    /**
     * {@code cd DIR; exec env K=V… ARGV…}, every word quoted; {@code </dev/null} unless it has
     * input. A directory that does not exist there (yet: the run's is made by its first push; or
     * this machine's, for a question such as {@code qstat --version}) leaves the command in the
     * home directory: every path scatter gives a scheduler is absolute, so where it runs matters not.
     */
    static String line(Command command) {
        StringBuilder sb = new StringBuilder("cd ").append(ShellQuote.quote(command.workingDir().toString()))
                .append(" 2>/dev/null || cd; exec");
        if (!command.environment().isEmpty()) {
            sb.append(" env");
            for (Map.Entry<String, String> e : command.environment().entrySet()) {
                sb.append(' ').append(ShellQuote.quote(e.getKey() + "=" + e.getValue()));
            }
        }
        command.argv().forEach(a -> sb.append(' ').append(ShellQuote.quote(a)));
        if (command.stdin() == null) {
            sb.append(" </dev/null");
        }
        return sb.toString();
    }
}

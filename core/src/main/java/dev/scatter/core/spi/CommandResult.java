package dev.scatter.core.spi;

/** What an external command did: its exit status and both output streams, complete. */
public record CommandResult(Command command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * The aligned block every failing external command is reported with (command, exit status,
     * output), so the user sees exactly what the scheduler said.
     */
    public String describeFailure(String what) {
        String output = (stderr.isBlank() ? stdout : stderr).strip();
        return what + "\n"
                + "- command     : " + command.display() + "\n"
                + "- exit status : " + exitCode + "\n"
                + "- output      : " + output.replace("\n", "\n                ");
    }
}

package dev.scatter.sim;

/** What a simulated command printed and its exit status: exactly what the real tool would give. */
public record Reply(int exitCode, String stdout, String stderr) {

    public static Reply ok(String stdout) {
        return new Reply(0, stdout, "");
    }

    public static Reply error(int exitCode, String stderr) {
        return new Reply(exitCode, "", stderr);
    }
}

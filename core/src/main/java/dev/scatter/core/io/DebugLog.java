package dev.scatter.core.io;

/**
 * Debug lines about what scatter passes over on purpose (a torn ledger line, a state a scheduler
 * newly invented), to the JVM's {@link System.Logger} of the class that writes them.
 *
 * <p>Not a {@code static final System.Logger} field: {@link System#getLogger} looks up the logging
 * backend on its first call (on the CLI's class path the JBoss log manager, which then configures
 * itself), and a class's static field makes that call whenever the class is used. It cost 30 ms of a
 * 0.35 s {@code scatter status} (bench/startup, issue 17); these lines are rare, so the lookup waits
 * for the first one.
 */
public final class DebugLog {

    private final String name;

    private DebugLog(String name) {
        this.name = name;
    }

    public static DebugLog of(Class<?> writer) {
        return new DebugLog(writer.getName());
    }

    /** A {@link java.text.MessageFormat} line at DEBUG level. */
    public void debug(String format, Object... args) {
        System.getLogger(name).log(System.Logger.Level.DEBUG, format, args);
    }
}

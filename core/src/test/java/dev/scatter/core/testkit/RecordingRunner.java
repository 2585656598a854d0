package dev.scatter.core.testkit;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A runner that records every command it passes on, to count scheduler calls. */
public final class RecordingRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final List<List<String>> calls = new ArrayList<>();

    public RecordingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException {
        synchronized (calls) {
            calls.add(command.argv());
        }
        return delegate.run(command, timeout);
    }

    /** Every argv so far, in order. */
    public List<List<String>> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** How many calls ran {@code program} so far. */
    public long count(String program) {
        return calls().stream().filter(a -> a.get(0).endsWith(program)).count();
    }

    public List<List<String>> calls(String program) {
        return calls().stream().filter(a -> a.get(0).endsWith(program)).toList();
    }

    public int size() {
        synchronized (calls) {
            return calls.size();
        }
    }
}

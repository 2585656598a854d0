package dev.scatter.core.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.AppendOnly;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.AttemptDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An attempt's arrays as submitted to a scheduler ({@code submissions.jsonl}): JSON lines,
 * append-only, so a client killed at any moment leaves a readable file.
 * <pre>
 * {"array":0,"first":0,"last":1000,"name":"sc-3-1-0-9f2c1a","at":"…"}  intent, written BEFORE the submit command
 * {"array":0,"id":"2501"}                                             the id, written AFTER it
 * {"array":1,"limited":"QOSMaxSubmitJobPerUserLimit","at":"…"}        refused for a submit limit: waits for room
 * {"array":1,"rejected":"…","at":"…"}                                 rejected for good
 * {"array":1,"absent":true,"at":"…"}                                  an intent without id the scheduler never saw
 * {"array":0,"finished":true}                                         every task of it has its final records
 * </pre>
 * An intent with neither id nor verdict is unconfirmed: the client may have died between the
 * submit command and writing the id. It is looked up by its unique job name before anything is
 * submitted again, so a submission is never doubled.
 */
public final class Submissions {

    /** Where an array stands. */
    public enum Status {
        /** Intent written, outcome unknown: look it up by name. */
        UNCONFIRMED,
        /** The scheduler has it (an id is recorded). */
        SUBMITTED,
        /** Refused for a submit limit; its tasks wait for room. */
        LIMITED,
        /** Rejected for good. */
        REJECTED,
        /** Looked up and not found: never reached the scheduler. */
        ABSENT
    }

    /** One array of the attempt. */
    public record Array(int number, int firstTask, int lastTask, String name, Instant at, Optional<String> id,
                        Status status, String reason, boolean finished) {

        public boolean covers(int task) {
            return task >= firstTask && task <= lastTask;
        }

        public int size() {
            return lastTask - firstTask + 1;
        }
    }

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final List<Array> arrays;

    private Submissions(Path file, List<Array> arrays) {
        this.file = file;
        this.arrays = arrays;
    }

    public static Submissions read(AttemptDir attempt) {
        Path file = attempt.submissions();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Submissions(file, new ArrayList<>());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<Integer, Array> byNumber = new LinkedHashMap<>();
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            JsonNode o;
            try {
                o = Json.parse(line);
            } catch (RuntimeException torn) {
                continue;   // a line cut by a killed writer is no evidence of anything
            }
            if (o == null || !o.has("array")) {
                continue;
            }
            int k = o.path("array").asInt();
            Array a = byNumber.get(k);
            if (o.has("first")) {
                byNumber.put(k, new Array(k, o.path("first").asInt(), o.path("last").asInt(), o.path("name").asText(),
                        instant(o), Optional.empty(), Status.UNCONFIRMED, "", false));
            } else if (a == null) {
                continue;
            } else if (o.has("id")) {
                byNumber.put(k, with(a, Optional.of(o.path("id").asText()), Status.SUBMITTED, "", a.finished()));
            } else if (o.has("limited")) {
                byNumber.put(k, with(a, Optional.empty(), Status.LIMITED, o.path("limited").asText(), false));
            } else if (o.has("rejected")) {
                byNumber.put(k, with(a, Optional.empty(), Status.REJECTED, o.path("rejected").asText(), false));
            } else if (o.has("absent")) {
                byNumber.put(k, with(a, Optional.empty(), Status.ABSENT, "", false));
            } else if (o.has("finished")) {
                byNumber.put(k, with(a, a.id(), a.status(), a.reason(), true));
            }
        }
        return new Submissions(file, new ArrayList<>(byNumber.values()));
    }

    private static Array with(Array a, Optional<String> id, Status status, String reason, boolean finished) {
        return new Array(a.number(), a.firstTask(), a.lastTask(), a.name(), a.at(), id, status, reason, finished);
    }

    private static Instant instant(JsonNode o) {
        try {
            return Instant.parse(o.path("at").asText());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    public List<Array> arrays() {
        return List.copyOf(arrays);
    }

    public List<Array> with(Status status) {
        return arrays.stream().filter(a -> a.status() == status).toList();
    }

    /** The submitted array that holds {@code task}, if any. */
    public Optional<Array> submittedArrayOf(int task) {
        return arrays.stream().filter(a -> a.status() == Status.SUBMITTED && a.covers(task)).findFirst();
    }

    /** The unconfirmed intent that holds {@code task}, if any. */
    public Optional<Array> unconfirmedArrayOf(int task) {
        return arrays.stream().filter(a -> a.status() == Status.UNCONFIRMED && a.covers(task)).findFirst();
    }

    /** The reason of the latest submit-limit refusal, if the latest verdict of any array was one. */
    public Optional<String> waitingForRoom() {
        Array latest = null;
        for (Array a : arrays) {
            if (a.status() == Status.LIMITED || a.status() == Status.SUBMITTED) {
                if (latest == null || a.number() > latest.number()) {
                    latest = a;
                }
            }
        }
        return latest != null && latest.status() == Status.LIMITED ? Optional.of(latest.reason()) : Optional.empty();
    }

    public int nextNumber() {
        return arrays.stream().mapToInt(Array::number).max().orElse(-1) + 1;
    }

    /** The id of the submitted array with the highest number, for chaining. */
    public Optional<String> lastSubmittedId() {
        return arrays.stream().filter(a -> a.status() == Status.SUBMITTED)
                .max(java.util.Comparator.comparingInt(Array::number)).flatMap(Array::id);
    }

    public boolean isEmpty() {
        return arrays.isEmpty();
    }

    // ---------------------------------------------------------------- appends

    public Array appendIntent(int number, int first, int last, String name) {
        Instant now = Instant.now();
        ObjectNode o = line(number);
        o.put("first", first);
        o.put("last", last);
        o.put("name", name);
        o.put("at", now.toString());
        append(o);
        Array a = new Array(number, first, last, name, now, Optional.empty(), Status.UNCONFIRMED, "", false);
        arrays.add(a);
        return a;
    }

    public void appendId(int number, String id) {
        ObjectNode o = line(number);
        o.put("id", id);
        append(o);
        replace(number, a -> with(a, Optional.of(id), Status.SUBMITTED, "", false));
    }

    public void appendLimited(int number, String reason) {
        ObjectNode o = line(number);
        o.put("limited", reason);
        o.put("at", Instant.now().toString());
        append(o);
        replace(number, a -> with(a, Optional.empty(), Status.LIMITED, reason, false));
    }

    public void appendRejected(int number, String reason) {
        ObjectNode o = line(number);
        o.put("rejected", reason);
        o.put("at", Instant.now().toString());
        append(o);
        replace(number, a -> with(a, Optional.empty(), Status.REJECTED, reason, false));
    }

    public void appendAbsent(int number) {
        ObjectNode o = line(number);
        o.put("absent", true);
        o.put("at", Instant.now().toString());
        append(o);
        replace(number, a -> with(a, Optional.empty(), Status.ABSENT, "", false));
    }

    public void appendFinished(int number) {
        ObjectNode o = line(number);
        o.put("finished", true);
        append(o);
        replace(number, a -> with(a, a.id(), a.status(), a.reason(), true));
    }

    private void replace(int number, java.util.function.UnaryOperator<Array> change) {
        for (int i = 0; i < arrays.size(); i++) {
            if (arrays.get(i).number() == number) {
                arrays.set(i, change.apply(arrays.get(i)));
            }
        }
    }

    private static ObjectNode line(int number) {
        ObjectNode o = Json.object();
        o.put("array", number);
        return o;
    }

    private void append(ObjectNode o) {
        AppendOnly.append(file, Json.compact(o) + "\n");
    }

    // ---------------------------------------------------------------- lock

    /**
     * Holds the attempt's submit lock: two clients (or threads) starting the same attempt take
     * turns, and the second one finds the first one's submissions in the file. The lock dies with
     * its process.
     */
    public static AutoCloseable lock(AttemptDir attempt) {
        Path lockFile = attempt.root().resolve("submissions.lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.lock();
            return () -> {
                try {
                    lock.release();
                    ch.close();
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e instanceof IOException io ? new UncheckedIOException("cannot lock " + lockFile + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }
}

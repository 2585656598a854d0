package dev.scatter.core.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * Every entry's status, in input order, plus the counts per state, and the status of the run's
 * steps ({@code before}, {@code then}: the latest attempt of each), keyed by kind.
 *
 * <p>Held in two references an entry (8 bytes), not an object an entry: an entry whose status its
 * task holds for many of its entries is that {@link SharedStatus} (a summarized task's successes,
 * a task that has not begun); every other entry is its own {@link EntryStatus}. {@link #entries()}
 * builds the shared ones when asked, so a million succeeded or queued entries cost 8 MB, and the
 * counts, failures and running entries cost only what they are.
 */
public final class RunStatus {

    private static final String UNPLANNED = "waits for the first wave to size the tasks";

    private final RunSpec spec;
    private final int attempts;
    private final int tasks;
    private final EntryStatus[] detailed;
    private final SharedStatus[] shared;
    private final Map<String, EntryStatus> steps;
    private final String note;
    private final int[] counts = new int[EntryState.values().length];

    /**
     * @param detailed by entry number − 1: the entry's status, or null when {@code shared} holds it
     *                 (or when no attempt holds it yet: it waits for the first wave)
     * @param shared   by entry number − 1: the status its task holds for it, or null
     */
    public RunStatus(RunSpec spec, int attempts, int tasks, EntryStatus[] detailed, SharedStatus[] shared,
                     Map<String, EntryStatus> steps, String note) {
        if (detailed.length != shared.length) {
            throw new IllegalArgumentException("entries " + detailed.length + " ≠ " + shared.length);
        }
        this.spec = spec;
        this.attempts = attempts;
        this.tasks = tasks;
        this.detailed = detailed;
        this.shared = shared;
        this.steps = steps;
        this.note = note;
        for (int i = 0; i < detailed.length; i++) {
            counts[state(i + 1).ordinal()]++;
        }
    }

    /** A status of entries each in full, in input order (entry {@code i + 1} at {@code i}). */
    public RunStatus(RunSpec spec, int attempts, int tasks, List<EntryStatus> entries, Map<String, EntryStatus> steps,
                     String note) {
        this(spec, attempts, tasks, entries.toArray(EntryStatus[]::new), new SharedStatus[entries.size()], steps, note);
    }

    public RunSpec spec() {
        return spec;
    }

    public int attempts() {
        return attempts;
    }

    public int tasks() {
        return tasks;
    }

    public Map<String, EntryStatus> steps() {
        return steps;
    }

    public String note() {
        return note;
    }

    /** Every entry's status in input order, each built when asked (see the class comment). */
    public List<EntryStatus> entries() {
        return new Entries();
    }

    /** The number of entries. */
    public int size() {
        return detailed.length;
    }

    public Optional<EntryStatus> step(String kind) {
        return Optional.ofNullable(steps.get(kind));
    }

    /** The before step failed: the entries will not start until it is retried. */
    public boolean heldByBefore() {
        return step("before").map(s -> s.state().isFailure()).orElse(false);
    }

    public Map<EntryState, Integer> counts() {
        Map<EntryState, Integer> byState = new EnumMap<>(EntryState.class);
        for (EntryState s : EntryState.values()) {
            if (counts[s.ordinal()] > 0) {
                byState.put(s, counts[s.ordinal()]);
            }
        }
        return byState;
    }

    public int count(EntryState state) {
        return counts[state.ordinal()];
    }

    /** Entries in a final state: they have a result. */
    public int ended() {
        return Arrays.stream(EntryState.values()).filter(EntryState::isFinal).mapToInt(this::count).sum();
    }

    /** Entries that ended without success. */
    public int failed() {
        return Arrays.stream(EntryState.values()).filter(EntryState::isFailure).mapToInt(this::count).sum();
    }

    /** Entries queued or running. */
    public int active() {
        return count(EntryState.QUEUED) + count(EntryState.RUNNING);
    }

    /** Nothing more will happen without the user: every entry and step has a result, or a step failed. */
    public boolean finished() {
        if (heldByBefore()) {
            return true;
        }
        boolean entriesDone = ended() == size();
        boolean entriesOk = count(EntryState.SUCCEEDED) == size();
        return entriesDone && (!entriesOk || step("then").map(s -> s.state().isFinal()).orElse(true));
    }

    /** Every entry and every step succeeded. */
    public boolean allSucceeded() {
        return count(EntryState.SUCCEEDED) == size() && steps.values().stream().allMatch(s -> s.state() == EntryState.SUCCEEDED);
    }

    /** The entries that ended without success, in input order. */
    public List<EntryStatus> failures() {
        return failures(Integer.MAX_VALUE);
    }

    /** The first {@code limit} of {@link #failures()}: what a listing shows of a million cancelled entries. */
    public List<EntryStatus> failures(int limit) {
        List<EntryStatus> failures = new ArrayList<>(Math.min(limit, failed()));
        walkFailures(limit, failures::add);
        return failures;
    }

    /** Each entry that ended without success, in input order, built as it is handed over and not kept. */
    public void forEachFailure(Consumer<EntryStatus> each) {
        walkFailures(Integer.MAX_VALUE, each);
    }

    private void walkFailures(int limit, Consumer<EntryStatus> each) {
        int left = Math.min(limit, failed());
        for (int i = 0; i < detailed.length && left > 0; i++) {
            if (state(i + 1).isFailure()) {
                each.accept(entry(i + 1));
                left--;
            }
        }
    }

    /**
     * Every entry once, without building the shared ones: each entry with a status of its own to
     * {@code own}, in input order; then each shared status (a summarized task's successes, a task
     * that has not begun) once, to {@code each}, with how many entries it holds here (fewer than
     * it covers where a later attempt took some over). Memory O(tasks) beyond the entries themselves.
     */
    public void visit(Consumer<EntryStatus> own, ObjIntConsumer<SharedStatus> each) {
        Map<SharedStatus, int[]> held = new IdentityHashMap<>();
        List<SharedStatus> order = new ArrayList<>();
        for (int i = 0; i < detailed.length; i++) {
            if (detailed[i] != null) {
                own.accept(detailed[i]);
            } else if (shared[i] != null) {
                int[] n = held.get(shared[i]);
                if (n == null) {
                    held.put(shared[i], n = new int[1]);
                    order.add(shared[i]);
                }
                n[0]++;
            }
        }
        order.forEach(s -> each.accept(s, held.get(s)[0]));
    }

    /** Entry {@code number}'s state, without building its status. */
    public EntryState state(int number) {
        int i = number - 1;
        return detailed[i] != null ? detailed[i].state() : shared[i] != null ? shared[i].state() : EntryState.PENDING;
    }

    /** The status entry {@code number}'s task holds for it (not begun, or a summarized success), or null when it has its own. */
    public SharedStatus shared(int number) {
        return detailed[number - 1] != null ? null : shared[number - 1];
    }

    public EntryStatus entry(int number) {
        int i = number - 1;
        if (detailed[i] != null) {
            return detailed[i];
        }
        if (shared[i] != null) {
            return shared[i].of(number);
        }
        return new EntryStatus(number, 0, -1, "", EntryState.PENDING, OptionalInt.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), "", UNPLANNED);
    }

    private final class Entries extends AbstractList<EntryStatus> implements RandomAccess {

        @Override
        public EntryStatus get(int index) {
            return entry(index + 1);
        }

        @Override
        public int size() {
            return detailed.length;
        }
    }
}

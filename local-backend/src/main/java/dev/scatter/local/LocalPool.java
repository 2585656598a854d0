package dev.scatter.local;

import dev.scatter.core.model.Resources;

/**
 * How many tasks run at once: min(cores ÷ cpus, usable memory ÷ mem, GPUs ÷ gpus, max-running,
 * tasks), at least 1. So parallel tasks never oversubscribe the cores, nor swap.
 */
public record LocalPool(int slots, String limitedBy) {

    public static LocalPool size(LocalMachine machine, Resources r, int tasks) {
        int slots = Math.max(1, machine.cores() / r.cpus());
        String why = "cores: " + machine.cores() + " ÷ " + r.cpus() + " cpus per task";
        if (r.memory().isPresent()) {
            long byMemory = Math.max(1, machine.usableMemoryMb() / r.memory().get().megabytes());
            if (byMemory < slots) {
                slots = (int) byMemory;
                why = "memory: " + machine.usableMemoryMb() + "M available ÷ " + r.memory().get() + " per task";
            }
        }
        if (r.gpus() > 0) {
            int byGpus = Math.max(1, machine.gpus().size() / r.gpus());
            if (byGpus < slots) {
                slots = byGpus;
                why = "GPUs: " + machine.gpus().size() + " ÷ " + r.gpus() + " per task";
            }
        }
        if (r.maxRunning().isPresent() && r.maxRunning().get() <= slots) {   // a tie: the user's own bound is the reason to name
            slots = r.maxRunning().get();
            why = "--max-running " + slots;
        }
        if (tasks < slots) {
            slots = Math.max(1, tasks);
            why = "tasks: only " + tasks;
        }
        return new LocalPool(slots, why);
    }
}

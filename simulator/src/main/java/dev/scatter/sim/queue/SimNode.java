package dev.scatter.sim.queue;

/** One compute node: its capacity, what is allocated on it now, and whether it is up. */
public final class SimNode {

    private final String name;
    private final int cpus;
    private final long memoryMb;
    private int allocatedCpus;
    private long allocatedMemoryMb;
    private boolean up = true;

    SimNode(String name, int cpus, long memoryMb) {
        this.name = name;
        this.cpus = cpus;
        this.memoryMb = memoryMb;
    }

    public String name() { return name; }
    public int cpus() { return cpus; }
    public long memoryMb() { return memoryMb; }
    public int allocatedCpus() { return allocatedCpus; }
    public long allocatedMemoryMb() { return allocatedMemoryMb; }
    public boolean isUp() { return up; }

    void setUp(boolean value) { up = value; }

    boolean fits(ResourceRequest r) {
        return up && cpus - allocatedCpus >= r.cpus() && memoryMb - allocatedMemoryMb >= r.memoryMb();
    }

    void allocate(ResourceRequest r) {
        allocatedCpus += r.cpus();
        allocatedMemoryMb += r.memoryMb();
    }

    void release(ResourceRequest r) {
        allocatedCpus -= r.cpus();
        allocatedMemoryMb -= r.memoryMb();
    }
}

package dev.scatter.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What this machine offers tasks: cores, memory and GPUs. Each can be overridden through the
 * environment ({@code SCATTER_LOCAL_CPUS}, {@code SCATTER_LOCAL_MEM_MB}, {@code SCATTER_LOCAL_GPUS}),
 * e.g. to leave cores to other work.
 *
 * @param cores          cores the JVM may use (honours cgroup limits and CPU affinity)
 * @param totalMemoryMb  physical memory
 * @param usableMemoryMb memory available to new processes now ({@code MemAvailable})
 * @param gpus           GPU ids tasks may be given ({@code CUDA_VISIBLE_DEVICES} values)
 */
public record LocalMachine(int cores, long totalMemoryMb, long usableMemoryMb, List<String> gpus) {

    private static final Pattern NVIDIA_DEVICE = Pattern.compile("nvidia\\d+");

    public static LocalMachine detect() {
        return detect(System.getenv());
    }

    static LocalMachine detect(Map<String, String> env) {
        int cores = env.containsKey("SCATTER_LOCAL_CPUS") ? Integer.parseInt(env.get("SCATTER_LOCAL_CPUS"))
                : Runtime.getRuntime().availableProcessors();
        long total = meminfo("MemTotal");
        long usable = meminfo("MemAvailable");
        if (env.containsKey("SCATTER_LOCAL_MEM_MB")) {
            total = usable = Long.parseLong(env.get("SCATTER_LOCAL_MEM_MB"));
        }
        return new LocalMachine(cores, total, usable, gpus(env));
    }

    /** GPUs: an explicit count, else the user's CUDA_VISIBLE_DEVICES, else the NVIDIA device files. */
    private static List<String> gpus(Map<String, String> env) {
        List<String> ids = new ArrayList<>();
        if (env.containsKey("SCATTER_LOCAL_GPUS")) {
            int n = Integer.parseInt(env.get("SCATTER_LOCAL_GPUS"));
            for (int i = 0; i < n; i++) {
                ids.add(Integer.toString(i));
            }
            return ids;
        }
        String visible = env.get("CUDA_VISIBLE_DEVICES");
        if (visible != null && !visible.isBlank()) {
            for (String id : visible.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
            return ids;
        }
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            dev.map(p -> p.getFileName().toString()).filter(n -> NVIDIA_DEVICE.matcher(n).matches()).sorted()
                    .forEach(n -> ids.add(n.substring("nvidia".length())));
        } catch (IOException e) {
            // no /dev listing: no GPUs we can hand out
        }
        return ids;
    }

    /** A {@code /proc/meminfo} field in megabytes; unbounded when the file is not there (not Linux). */
    private static long meminfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Long.MAX_VALUE / (1024 * 1024);
    }
}

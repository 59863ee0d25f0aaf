package org.livegov.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmark reads about its own process (Linux; elsewhere the memory figures are -1).
 *
 * <ul>
 *   <li>CPU: {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}, nanoseconds of
 *       CPU over all threads of the JVM (Spark tasks, GC, DuckDB's native threads alike).</li>
 *   <li>Peak resident memory: {@code VmHWM} of {@code /proc/self/status} (bytes). Before each
 *       stage the high-water mark is reset to the current resident size by writing {@code 5} to
 *       {@code /proc/self/clear_refs} (Linux ≥ 4.0); when the kernel refuses, the figure is the
 *       peak since the process started, and {@link #hwmResettable()} says so.</li>
 *   <li>Peak heap: the sum of the heap pools' peak usage since their reset (bytes); an upper
 *       bound, since pools peak at different moments.</li>
 * </ul>
 */
final class ProcessProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Boolean resettable;

    /** Process CPU time in nanoseconds (all threads). */
    long cpuNanos() {
        return os.getProcessCpuTime();
    }

    /** Resets the peak-RSS and peak-heap marks; remembers whether the kernel allowed the RSS reset. */
    void resetPeaks() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            resettable = resettable == null || resettable;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            resettable = false;
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** True when every reset so far was accepted; false when VmHWM is the peak since process start. */
    boolean hwmResettable() {
        return resettable != null && resettable;
    }

    /** {@code VmHWM} in bytes, -1 when unreadable. */
    long peakRssBytes() {
        return statusKb("VmHWM:");
    }

    /** {@code VmRSS} in bytes, -1 when unreadable. */
    long rssBytes() {
        return statusKb("VmRSS:");
    }

    /** Sum of the heap pools' peak used bytes since the last {@link #resetPeaks()}. */
    long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The 1-minute load average at this moment (other processes' load shows here), -1 when unreadable. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

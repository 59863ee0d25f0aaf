package org.livegov.jobs.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.livegov.jobs.stage.StageListener;

/**
 * Measures every leaf stage of a nightly run (see {@link StageListener}): wall seconds, process
 * CPU seconds, peak resident and heap bytes (method in {@link ProcessProbe}), and files and bytes
 * written under the warehouse folder ({@link FileCensus}; the census itself is taken outside the
 * timed interval).
 */
final class StageProbe implements StageListener {
    /** One stage's figures; rows are filled in afterwards from the run manifest. */
    static final class Stage {
        final String name;
        double wallSeconds;
        double cpuSeconds;
        long peakRssBytes;
        long peakHeapBytes;
        long filesWritten;
        long bytesWritten;
        long rows = -1;

        Stage(String name) {
            this.name = name;
        }

        /** rows / wall seconds, or -1 when unknown. */
        double rowsPerSecond() {
            return rows < 0 || wallSeconds <= 0 ? -1 : rows / wallSeconds;
        }
    }

    private final ProcessProbe probe;
    private final Path warehouse;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private FileCensus before;
    private long wall0;
    private long cpu0;

    StageProbe(ProcessProbe probe, Path warehouse) {
        this.probe = probe;
        this.warehouse = warehouse;
    }

    @Override
    public void started(String stage) {
        before = FileCensus.of(warehouse);
        probe.resetPeaks();
        cpu0 = probe.cpuNanos();
        wall0 = System.nanoTime();
    }

    @Override
    public void finished(String stage) {
        long wall = System.nanoTime() - wall0;
        long cpu = probe.cpuNanos() - cpu0;
        Stage s = new Stage(stage);
        s.wallSeconds = wall / 1e9;
        s.cpuSeconds = cpu / 1e9;
        s.peakRssBytes = probe.peakRssBytes();
        s.peakHeapBytes = probe.peakHeapBytes();
        long[] w = FileCensus.of(warehouse).writtenSince(before);
        s.filesWritten = w[0];
        s.bytesWritten = w[1];
        stages.put(stage, s);
    }

    /** The stages measured, in the order they ran. */
    Map<String, Stage> stages() {
        return stages;
    }
}

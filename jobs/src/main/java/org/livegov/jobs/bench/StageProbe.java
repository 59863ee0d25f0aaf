package org.livegov.jobs.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.livegov.jobs.stage.StageListener;

/**
 * Measures every leaf stage of a nightly run (see {@link StageListener}): wall seconds, process
 * CPU seconds, peak resident and heap bytes (method in {@link ProcessProbe}), Spark jobs, tasks and
 * shuffle bytes ({@link SparkWork}), and files, bytes and Delta commits written under the warehouse folder ({@link FileCensus}; the census itself is taken outside the
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
        long deltaCommits;
        long sparkJobs;
        long sparkTasks;
        long shuffleBytes;
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
    private final SparkWork work;
    private final Path warehouse;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private FileCensus before;
    private long wall0;
    private long cpu0;
    private long[] work0;

    StageProbe(ProcessProbe probe, SparkWork work, Path warehouse) {
        this.probe = probe;
        this.work = work;
        this.warehouse = warehouse;
    }

    @Override
    public void started(String stage) {
        before = FileCensus.of(warehouse);
        probe.resetPeaks();
        cpu0 = probe.cpuNanos();
        work0 = work.totals();
        wall0 = System.nanoTime();
    }

    @Override
    public void finished(String stage) {
        long wall = System.nanoTime() - wall0;
        long cpu = probe.cpuNanos() - cpu0;
        long[] w1 = work.totals();
        Stage s = new Stage(stage);
        s.sparkJobs = w1[0] - work0[0];
        s.sparkTasks = w1[1] - work0[1];
        s.shuffleBytes = w1[2] - work0[2];
        s.wallSeconds = wall / 1e9;
        s.cpuSeconds = cpu / 1e9;
        s.peakRssBytes = probe.peakRssBytes();
        s.peakHeapBytes = probe.peakHeapBytes();
        FileCensus after = FileCensus.of(warehouse);
        long[] w = after.writtenSince(before);
        s.filesWritten = w[0];
        s.bytesWritten = w[1];
        s.deltaCommits = after.commitsSince(before);
        stages.put(stage, s);
    }

    /** The stages measured, in the order they ran. */
    Map<String, Stage> stages() {
        return stages;
    }
}

package org.livegov.jobs.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the Spark work a stage asks for, to tell a stage's fixed cost (jobs, each with its
 * scheduling and Delta bookkeeping) from its cost per row (tasks, shuffle bytes): Spark jobs
 * started (adaptive execution runs each query stage as a job of its own), tasks ended, and shuffle
 * bytes written. Registered once on the session's SparkContext; read as running totals, so a stage's
 * figures are the difference between two readings ({@link StageProbe}). Events reach it through
 * Spark's listener bus, a few milliseconds after they happen.
 */
final class SparkWork extends SparkListener {
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong shuffleBytes = new AtomicLong();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        jobs.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        tasks.incrementAndGet();
        if (e.taskMetrics() != null) {
            shuffleBytes.addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
    }

    /** The running totals: {@code [jobs, tasks, shuffle bytes written]}. */
    long[] totals() {
        return new long[]{jobs.get(), tasks.get(), shuffleBytes.get()};
    }
}

package org.livegov.jobs.stage;

/**
 * Told when each leaf stage of a nightly run starts and ends, on the driver thread, in order and
 * never nested: {@code bronze}, {@code silver.<feed>} for every feed with new files, and
 * {@code gold.<product>} for every gold product written (see
 * {@link org.livegov.jobs.nightly.NightlyJob#GOLD_PRODUCTS}, and {@code gold.offenders}, {@code gold.trend_series}), and {@code release_drift} when the batch
 * touched a published release ({@link org.livegov.jobs.publish.ReleaseDrift}). Used by the benchmark to measure each stage
 * (wall, CPU, peak memory, files written); the nightly itself needs none.
 */
public interface StageListener {
    /** Listens to nothing. */
    StageListener NONE = new StageListener() {
        @Override
        public void started(String stage) {
        }

        @Override
        public void finished(String stage) {
        }
    };

    /** @param stage e.g. {@code silver.broadcasts}; called just before the stage's first Spark job */
    void started(String stage);

    /** @param stage the same name; called after the stage's last write has committed */
    void finished(String stage);
}

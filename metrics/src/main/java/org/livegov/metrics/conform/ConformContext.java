package org.livegov.metrics.conform;

import java.time.Instant;
import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;

/**
 * What conforming a batch needs to know besides the rows.
 *
 * @param taxonomy   violation taxonomy (conf/taxonomy.yaml)
 * @param thresholds plausibility limits (conf/livegov.yaml)
 * @param cutoff     end of the run's Beijing day as a UTC instant; later instants (plus the
 *                   configured tolerance) are FUTURE_INSTANT
 */
public record ConformContext(Taxonomy taxonomy, Thresholds thresholds, Instant cutoff) {
}

package org.livegov.jobs.config;

import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.time.WorkingDayCalendar;

/**
 * Everything the jobs read from {@code conf/}, validated.
 *
 * @param taxonomy   {@code conf/taxonomy.yaml}
 * @param thresholds {@code conf/livegov.yaml}
 * @param calendar   {@code conf/calendar/cn-holidays.yaml}
 * @param trend      {@code conf/trend.yaml} and {@code conf/gbt2260-provinces.yaml}
 * @param configHash SHA-256 over the bytes of those files (in that order), stamped on manifests
 */
public record LiveGovConfig(Taxonomy taxonomy, Thresholds thresholds, WorkingDayCalendar calendar,
                            org.livegov.metrics.trend.TrendConfig trend, String configHash) {
}

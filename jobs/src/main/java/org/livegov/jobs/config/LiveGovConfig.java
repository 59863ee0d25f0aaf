package org.livegov.jobs.config;

import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.offenders.OffenderPolicy;
import org.livegov.metrics.time.WorkingDayCalendar;

/**
 * Everything the jobs read from {@code conf/}, validated.
 *
 * @param taxonomy   {@code conf/taxonomy.yaml}
 * @param thresholds {@code conf/livegov.yaml}
 * @param calendar   {@code conf/calendar/cn-holidays.yaml}
 * @param catalogue  {@code conf/indicators.yaml}: the benchmark indicator catalogue
 * @param offenders  {@code conf/offenders.yaml} (repeat-offender rules and listing periods)
 * @param trend      {@code conf/trend.yaml} and {@code conf/gbt2260-provinces.yaml} (trend report settings)
 * @param configHash SHA-256 over the bytes of those files (in that order), stamped on manifests and releases
 * @param calendarFile the holiday schedule's file as read (under {@code --conf}), named in the messages that
 *                   ask for a missing year
 */
public record LiveGovConfig(Taxonomy taxonomy, Thresholds thresholds, WorkingDayCalendar calendar,
                            IndicatorCatalogue catalogue, OffenderPolicy offenders,
                            org.livegov.metrics.trend.TrendConfig trend, String configHash, java.nio.file.Path calendarFile) {
}

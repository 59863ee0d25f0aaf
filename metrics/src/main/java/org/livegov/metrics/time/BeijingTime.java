package org.livegov.metrics.time;

import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.to_date;

import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * Beijing time (Asia/Shanghai, UTC+8, no daylight saving) decides days, months and quarters;
 * instants are stored in UTC. Source: {@code shared/domain.md} §6.
 */
public final class BeijingTime {
    /** The zone that decides days, months and quarters. */
    public static final String ZONE_ID = "Asia/Shanghai";
    public static final ZoneId ZONE = ZoneId.of(ZONE_ID);

    private BeijingTime() {
    }

    /** Beijing calendar day of a UTC timestamp column, as {@code date}. */
    public static Column day(Column utcInstant) {
        return to_date(from_utc_timestamp(utcInstant, ZONE_ID));
    }

    /** Beijing month of a UTC timestamp column, as string {@code yyyy-MM}. */
    public static Column month(Column utcInstant) {
        return date_format(from_utc_timestamp(utcInstant, ZONE_ID), "yyyy-MM");
    }
}

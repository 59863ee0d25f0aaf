package org.livegov.metrics.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.spark.LiveGovSpark;

/** The 3-in-24-months rule at its boundaries. As of 2026-06-30 the window is 2024-07-01..2026-06-30 (Beijing days). */
class RepeatOffendersTest {
    static final SparkSession spark = LiveGovSpark.forTests();
    static final StructType SCHEMA = new StructType().add("subject_key", DataTypes.StringType)
            .add("subject_role", DataTypes.StringType).add("violation_id", DataTypes.StringType)
            .add("platform_id", DataTypes.StringType).add("category", DataTypes.StringType)
            .add("severity", DataTypes.StringType).add("status", DataTypes.StringType)
            .add("detected_at", DataTypes.TimestampType);
    static final Taxonomy TAX = new Taxonomy("t", Map.of(), "s3");
    static final Thresholds T = new Thresholds(24, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, 72, 7, 24, 3);
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    static Row v(String subject, String id, String severity, String status, String beijingInstant) {
        return RowFactory.create(subject, "anchor", id, "DY", "V04", severity, status,
                Timestamp.from(Instant.parse(beijingInstant.replace("+08:00", "")+"Z").minusSeconds(8 * 3600)));
    }

    static List<String> listed(Row... rows) {
        Dataset<Row> d = spark.createDataFrame(List.of(rows), SCHEMA);
        List<String> out = new ArrayList<>();
        RepeatOffenders.list(d, AS_OF, TAX, T).collectAsList().forEach(r -> out.add(r.getString(0)));
        return out;
    }

    @Test
    void exactlyTwentyFourMonthsBack() {
        // 2024-07-01 00:00 Beijing is inside (add_months(2026-06-30, -24) = 2024-06-30 is excluded)
        assertEquals(List.of("p"), listed(v("p", "1", "s3", "confirmed", "2024-07-01T00:00:00"),
                v("p", "2", "s3", "confirmed", "2025-01-01T00:00:00"), v("p", "3", "s4", "confirmed", "2026-06-30T23:59:59")));
        // 2024-06-30 23:59:59 Beijing (15:59:59 UTC) is one day too old: only two remain
        assertEquals(List.of(), listed(v("p", "1", "s3", "confirmed", "2024-06-30T23:59:59"),
                v("p", "2", "s3", "confirmed", "2025-01-01T00:00:00"), v("p", "3", "s4", "confirmed", "2026-06-30T23:59:59")));
    }

    @Test
    void onlyConfirmedSeriousCount() {
        // second and third are there, but one is under appeal, one overturned, one only s2: not listed
        assertEquals(List.of(), listed(v("p", "1", "s3", "confirmed", "2025-01-01T00:00:00"),
                v("p", "2", "s3", "under_appeal", "2025-02-01T00:00:00"), v("p", "3", "s3", "overturned", "2025-03-01T00:00:00"),
                v("p", "4", "s2", "confirmed", "2025-04-01T00:00:00")));
        // an appeal that overturns the third of three: the subject drops off
        assertEquals(List.of("p"), listed(v("p", "1", "s3", "confirmed", "2025-01-01T00:00:00"),
                v("p", "2", "s3", "confirmed", "2025-02-01T00:00:00"), v("p", "3", "s3", "confirmed", "2025-03-01T00:00:00")));
        assertEquals(List.of(), listed(v("p", "1", "s3", "confirmed", "2025-01-01T00:00:00"),
                v("p", "2", "s3", "confirmed", "2025-02-01T00:00:00"), v("p", "3", "s3", "overturned", "2025-03-01T00:00:00")));
    }
}

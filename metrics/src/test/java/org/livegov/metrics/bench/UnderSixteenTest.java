package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.ANCHORS;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.BROADCASTS;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.COMPLAINTS;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.MERCHANTS;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.Q2;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.RULES;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.VIOLATIONS;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.cny;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.d;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.df;
import static org.livegov.metrics.bench.QuarterlyIndicatorsTest.t;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.time.WorkingDayCalendar;

/**
 * P02 (anchors under 16 on the Beijing day of their first broadcast of the quarter) at the
 * boundary, from silver's {@code turns_16_on} (the day the anchor turns 16; silver keeps no birth
 * date). Source: Measures for Live-streaming Marketing (trial), 2021.
 */
class UnderSixteenTest {
    @Test
    void turningSixteenOnTheBroadcastDayIsNotUnderSixteen() {
        Dataset<Row> broadcasts = df(BROADCASTS,
                // A1 turns 16 on 2026-04-10; first broadcast 2026-04-10 00:30 Beijing (04-09 16:30 UTC):
                //   04-10 > 04-10 is false → not under 16 (it is the birthday itself)
                new Object[]{"B1", "DY", "A1", t("2026-04-09T16:30:00Z"), cny("1.00"), "automated", null},
                // A2 turns 16 on 2026-04-11; first broadcast 2026-04-10 23:30 Beijing (15:30 UTC):
                //   04-11 > 04-10 → under 16 (one day short)
                new Object[]{"B2", "DY", "A2", t("2026-04-10T15:30:00Z"), cny("1.00"), "automated", null},
                // A3 turns 16 on 2026-04-11; first broadcast 2026-04-11 00:30 Beijing = 2026-04-10 16:30 UTC:
                //   the Beijing day 04-11 counts, not the UTC day 04-10 → not under 16
                new Object[]{"B3", "DY", "A3", t("2026-04-10T16:30:00Z"), cny("1.00"), "automated", null},
                // A3's later broadcast does not matter: the first one of the quarter is judged
                new Object[]{"B4", "DY", "A3", t("2026-05-01T02:00:00Z"), cny("1.00"), "automated", null});
        Dataset<Row> anchors = df(ANCHORS,
                new Object[]{"A1", "pk1", d("2026-04-10"), null, null},
                new Object[]{"A2", "pk2", d("2026-04-11"), null, null},
                new Object[]{"A3", "pk3", d("2026-04-11"), null, null});
        StructType ks = new StructType().add("contract_id", "string").add("anchor_id", "string").add("mcn_id", "string")
                .add("valid_from", "date").add("valid_to", "date");
        StructType ls = new StructType().add("subject_role", "string").add("subject_key", "string").add("listed_from", "date")
                .add("ended_on", "date");
        Dataset<Row> calendar = new WorkingDayCalendar(Map.of(2026, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of())))
                .asDataset(QuarterlyIndicatorsTest.spark);
        Dataset<Row> result = QuarterlyIndicators.compute(Q2, new QuarterlyIndicators.Inputs(broadcasts, df(VIOLATIONS),
                df(COMPLAINTS), anchors, df(MERCHANTS), df(ks), df(ls), calendar), RULES,
                List.of(QuarterlyIndicatorsTest.ind("P02_underage_anchors")));
        List<Row> p02 = result.where("indicator_id = 'P02_underage_anchors' AND entity_id = 'DY'").collectAsList();
        assertEquals(1, p02.size());
        // active anchors A1, A2, A3 = 3; under 16 on their first day: A2 only → 1/3
        assertEquals(1.0, p02.get(0).getDouble(4), 1e-9);
        assertEquals(3.0, p02.get(0).getDouble(5), 1e-9);
        assertEquals(1.0 / 3, p02.get(0).getDouble(6), 1e-9);
    }
}

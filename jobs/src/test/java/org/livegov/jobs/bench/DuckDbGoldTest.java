package org.livegov.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's restatement of the monthly gold products on a hand-made silver snapshot (written as
 * month-partitioned Parquet, as Delta lays it out). Every expected value is worked out by hand in
 * the comments; the same rules as NightlyEndToEndTest's fixture.
 */
class DuckDbGoldTest {
    @TempDir
    Path tmp;

    @Test
    void monthlyProductsByHand() throws Exception {
        String d = tmp.toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES"
                    + " ('B1', 'DY', 'A1', TIMESTAMP '2026-04-10 12:00:00', CAST(1000.00 AS DECIMAL(18,2)), '2026-04'),"
                    + " ('B2', 'DY', 'A1', TIMESTAMP '2026-04-20 12:00:00', CAST(2000.50 AS DECIMAL(18,2)), '2026-04'),"
                    // 23:30 UTC on 04-30 is 07:30 on 05-01 in Beijing: a May broadcast
                    + " ('B3', 'KS', 'A2', TIMESTAMP '2026-04-30 23:30:00', CAST(500.00 AS DECIMAL(18,2)), '2026-05')"
                    + ") t(broadcast_id, platform_id, anchor_id, started_at, gmv_cny, month)) TO '" + d
                    + "/broadcasts' (FORMAT parquet, PARTITION_BY (month))");
            st.execute("COPY (SELECT * FROM (VALUES"
                    // V1: anchor A1, detected 04-10 22:00 Beijing, disposed 6 h later
                    + " ('V1', 'DY', 'anchor', 'A1', 'V04', 'k', 's3', 'confirmed', TIMESTAMP '2026-04-10 14:00:00',"
                    + "  TIMESTAMP '2026-04-10 20:00:00', '2026-04'),"
                    // V2: 1 h to disposal
                    + " ('V2', 'DY', 'anchor', 'A1', 'V13', 'k', 's1', 'confirmed', TIMESTAMP '2026-04-11 00:00:00',"
                    + "  TIMESTAMP '2026-04-11 01:00:00', '2026-04'),"
                    // V3: an MCN itself, overturned: counted nowhere, its disposal not in the median
                    + " ('V3', 'DY', 'mcn', 'M9', 'V02', 'k', 's2', 'overturned', TIMESTAMP '2026-04-12 00:00:00',"
                    + "  TIMESTAMP '2026-04-13 00:00:00', '2026-04')"
                    + ") t(violation_id, platform_id, subject_role, subject_id, category, kind, severity, status,"
                    + " detected_at, disposed_at, month)) TO '" + d + "/violations' (FORMAT parquet, PARTITION_BY (month))");
            st.execute("COPY (SELECT * FROM (VALUES"
                    // C1: received Fri 04-03 (Beijing), accepted Tue 04-14: ordinals 100 → 106, 6 working days
                    + " ('C1', 'DY', 'A1', TIMESTAMP '2026-04-03 02:00:00', TIMESTAMP '2026-04-14 02:00:00', '2026-04'),"
                    // C2: received 04-08 (ordinal 102), never accepted; by 06-30 (ordinal 150) 48 > 7: decided, late
                    + " ('C2', 'KS', 'A2', TIMESTAMP '2026-04-08 02:00:00', CAST(NULL AS TIMESTAMP), '2026-04')"
                    + ") t(complaint_id, platform_id, anchor_id, received_at, accepted_at, month)) TO '" + d
                    + "/complaints' (FORMAT parquet, PARTITION_BY (month))");
            st.execute("COPY (SELECT * FROM (VALUES"
                    + " ('K1', 'A1', 'M1', DATE '2026-01-01', CAST(NULL AS DATE)),"
                    // overlaps K1 from 04-15: the later valid_from wins
                    + " ('K2', 'A1', 'M2', DATE '2026-04-15', CAST(NULL AS DATE))"
                    + ") t(contract_id, anchor_id, mcn_id, valid_from, valid_to)) TO '" + d + "/contracts.parquet' (FORMAT parquet)");
        }
        List<Object[]> calendar = List.of(new Object[]{"2026-04-03", 100}, new Object[]{"2026-04-08", 102},
                new Object[]{"2026-04-14", 106}, new Object[]{"2026-06-30", 150});
        DuckDbGold.Inputs in = new DuckDbGold.Inputs(files(d + "/broadcasts"), files(d + "/violations"),
                files(d + "/complaints"), List.of(d + "/contracts.parquet"), calendar, Set.of("2026-04", "2026-05"),
                "2026-06-30", 7);
        Path out = tmp.resolve("out");
        java.nio.file.Files.createDirectories(out);
        DuckDbGold.Result r = DuckDbGold.run(in, out.toString(), 1, new ProcessProbe());

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT broadcasts, gmv_cny, violations, violations_s1, violations_s3,"
                    + " violations_per_1000_broadcasts, median_hours_to_disposal, disposals, complaints,"
                    + " complaints_accepted_in_time, share_accepted_in_time FROM read_parquet('" + out
                    + "/platform_monthly.parquet') WHERE platform_id = 'DY' AND month = '2026-04'")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getLong(1));                                   // B1, B2
                assertEquals(new BigDecimal("3000.50"), rs.getBigDecimal(2));     // 1000.00 + 2000.50
                assertEquals(2, rs.getLong(3));                                   // V1, V2 (V3 overturned)
                assertEquals(1, rs.getLong(4));                                   // V2
                assertEquals(1, rs.getLong(5));                                   // V1
                assertEquals(1000.0, rs.getDouble(6), 1e-9);                      // 2 × 1000 / 2
                assertEquals(3.5, rs.getDouble(7), 1e-9);                         // median(6 h, 1 h)
                assertEquals(2, rs.getLong(8));
                assertEquals(1, rs.getLong(9));                                   // C1
                assertEquals(1, rs.getLong(10));                                  // 6 working days ≤ 7
                assertEquals(1.0, rs.getDouble(11), 1e-9);
            }
            try (ResultSet rs = st.executeQuery("SELECT broadcasts, share_accepted_in_time, violations_per_1000_broadcasts"
                    + " FROM read_parquet('" + out + "/platform_monthly.parquet') WHERE platform_id = 'KS' AND month = '2026-04'")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));                                   // B3 is in May (Beijing)
                assertEquals(0.0, rs.getDouble(2), 1e-9);                         // C2 decided and late: 0 / 1
                rs.getDouble(3);
                assertTrue(rs.wasNull());                                         // no broadcasts, no rate
            }
            // MCNs: B1 (04-10) → K1 → M1; B2 (04-20) → K1 and K2 valid, K2 later → M2; V1, V2 → M1;
            // V3 → M9 (the subject is the MCN); C1 (04-03) → M1; A2 has no contract: KS facts have no MCN
            List<String> mcn = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT mcn_id, month, broadcasts, CAST(gmv_cny AS VARCHAR), violations,"
                    + " complaints FROM read_parquet('" + out + "/mcn_monthly.parquet') ORDER BY mcn_id, month")) {
                while (rs.next()) {
                    mcn.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getString(4) + " "
                            + rs.getLong(5) + " " + rs.getLong(6));
                }
            }
            assertEquals(List.of("M1 2026-04 1 1000.00 2 1", "M2 2026-04 1 2000.50 0 0", "M9 2026-04 0 0.00 0 0"), mcn);
            try (ResultSet rs = st.executeQuery("SELECT month, broadcasts, complaints, is_complete FROM read_parquet('"
                    + out + "/trend_monthly.parquet') ORDER BY month")) {
                assertTrue(rs.next());
                assertEquals("2026-04", rs.getString(1));
                assertEquals(2, rs.getLong(2));                                   // B1, B2
                assertEquals(2, rs.getLong(3));                                   // C1, C2
                assertTrue(rs.getBoolean(4));                                     // April ended before 06-30
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(2));                                   // B3
                assertFalse(rs.next());
            }
        }
        // violations_by_category: 3 groups (V1, V2, V3 differ in MCN or category); 2 not overturned, 2 confirmed
        assertEquals(List.of(3L, 2L, 2L), r.fingerprints().get("violations_by_category"));
        // platform_monthly: DY Apr, KS Apr, KS May; fingerprint types are Long, String (GMV) and Double
        List<Object> pm = r.fingerprints().get("platform_monthly");
        assertEquals(3L, pm.get(0));
        assertEquals(3L, pm.get(1));                                              // 2 + 0 + 1 broadcasts
        assertEquals("3500.50", pm.get(2));                                       // 3000.50 + 500.00
        assertEquals(3.5, (Double) pm.get(6), 1e-9);                              // only DY Apr has a median
        assertTrue(PerformanceBenchmark.same(pm, new ArrayList<>(pm)));
        List<Object> off = new ArrayList<>(pm);
        off.set(1, 4L);
        assertFalse(PerformanceBenchmark.same(pm, off));
        assertNull(DuckDbGold.normalise(null));
    }

    private static List<String> files(String dir) throws Exception {
        try (var s = java.nio.file.Files.walk(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".parquet")).map(Path::toString).sorted().toList();
        }
    }
}

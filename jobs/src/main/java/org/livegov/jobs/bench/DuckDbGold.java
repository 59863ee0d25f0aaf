package org.livegov.jobs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.livegov.jobs.gold.GoldMonthly;

/**
 * The four monthly gold products ({@code platform_monthly}, {@code mcn_monthly},
 * {@code trend_monthly}, {@code violations_by_category}) computed by DuckDB, in-process through
 * JDBC, over the Parquet files of the silver tables' current Delta snapshot, for the same months
 * and as-of day as our gold step, and written as Parquet, as ours are written as Delta. The SQL
 * restates {@code MonthlyIndicators}, {@code McnAttribution}, {@code ComplaintTimeliness} and
 * {@code ViolationsByCategory} of the metrics module; {@link #fingerprints} lets the benchmark
 * check that both give the same figures.
 *
 * <p>DuckDB cannot load its Delta extension offline, so it reads the snapshot's files (from
 * {@code Dataset.inputFiles()}) with {@code read_parquet([...], hive_partitioning)}: the
 * {@code month} partition comes from the folder names. Beijing days are UTC + 8 hours (China has
 * kept UTC+8 without daylight saving since 1991).
 *
 * <p>The driver is loaded by name ({@code org.duckdb.DuckDBDriver}): it is on {@code bin/livegov}'s
 * classpath, not in the shaded jar.
 */
final class DuckDbGold {
    /** The products restated here: our gold step's monthly ones. */
    static final List<String> PRODUCTS = GoldMonthly.PRODUCTS;

    /** Inputs: Parquet files per silver table, the calendar rows and the parameters of the gold step. */
    record Inputs(List<String> broadcasts, List<String> violations, List<String> complaints, List<String> contracts,
                  List<Object[]> calendar, Set<String> months, String asOf, int acceptanceWorkingDays) {
    }

    /** Wall and CPU seconds of the computation (loading the calendar excluded), and the fingerprints. */
    record Result(double wallSeconds, double cpuSeconds, Map<String, List<Object>> fingerprints, String version) {
    }

    private DuckDbGold() {
    }

    /**
     * @param outDir folder the products are written to as {@code <product>.parquet}
     * @param threads DuckDB worker threads (the same cores Spark has)
     * @throws IllegalStateException when the DuckDB driver is not on the classpath
     * @throws SQLException on a DuckDB error
     */
    static Result run(Inputs in, String outDir, int threads, ProcessProbe probe) throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.duckdb:duckdb_jdbc is not on the classpath; run through bin/livegov "
                    + "or pass --skip-duckdb", e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + threads);
            String version;
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                version = rs.getString(1);
            }
            st.execute("CREATE TABLE cal (day DATE, working_day_ordinal INTEGER)");
            // one statement: a batch of prepared inserts runs row by row in DuckDB's JDBC driver
            StringBuilder values = new StringBuilder("INSERT INTO cal VALUES ");
            for (int i = 0; i < in.calendar().size(); i++) {
                Object[] r = in.calendar().get(i);
                values.append(i == 0 ? "" : ", ").append("(DATE '").append(r[0]).append("', ")
                        .append(((Number) r[1]).intValue()).append(')');
            }
            if (!in.calendar().isEmpty()) {
                st.execute(values.toString());
            }
            long wall0 = System.nanoTime();
            long cpu0 = probe.cpuNanos();
            for (String sql : statements(in, outDir)) {
                st.execute(sql);
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (probe.cpuNanos() - cpu0) / 1e9;
            Map<String, List<Object>> fp = new LinkedHashMap<>();
            for (String p : PRODUCTS) {
                try (ResultSet rs = st.executeQuery(fingerprintSql("read_parquet('" + outDir + "/" + p + ".parquet')", p))) {
                    fp.put(p, row(rs));
                }
            }
            return new Result(wall, cpu, fp, version);
        }
    }

    /**
     * A product's fingerprint as one SQL query over {@code source} (valid in Spark SQL and DuckDB):
     * rows, and sums of its counts, GMV (CNY, 2 decimals) and medians (hours, rounded to 1e-6).
     */
    static String fingerprintSql(String source, String product) {
        if (product.equals("violations_by_category")) {
            return "SELECT count(*), sum(violations), sum(violations_confirmed) FROM " + source;
        }
        return "SELECT count(*), sum(broadcasts), CAST(sum(gmv_cny) AS VARCHAR), sum(violations), sum(violations_s1),"
                + " sum(disposals), round(sum(median_hours_to_disposal), 6), sum(complaints),"
                + " sum(complaints_acceptance_decided), sum(complaints_accepted_in_time) FROM " + source;
    }

    static List<Object> row(ResultSet rs) throws SQLException {
        rs.next();
        List<Object> r = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object o = rs.getObject(i);
            r.add(normalise(o));
        }
        return r;
    }

    /** Fingerprint values in one type per kind, so that Spark's and DuckDB's compare: Long, Double or String. */
    static Object normalise(Object o) {
        if (o == null || o instanceof Double) {
            return o;
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        if (o instanceof java.math.BigDecimal || !(o instanceof Number)) {
            return o.toString();
        }
        return ((Number) o).longValue();
    }

    private static String files(List<String> paths) {
        return paths.stream().map(p -> "'" + p.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String day(String instant) {
        return "CAST(CAST(" + instant + " AS TIMESTAMP) + INTERVAL 8 HOUR AS DATE)";
    }

    /** The SQL, in order: views over the snapshot, attribution, the four products written as Parquet. */
    static List<String> statements(Inputs in, String outDir) {
        String months = in.months().stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "));
        String hive = ", hive_partitioning = true, hive_types = {'month': VARCHAR}, union_by_name = true)";
        List<String> s = new ArrayList<>();
        s.add("CREATE TEMP VIEW b AS SELECT * FROM read_parquet(" + files(in.broadcasts()) + hive
                + " WHERE month IN (" + months + ")");
        s.add("CREATE TEMP VIEW v0 AS SELECT * FROM read_parquet(" + files(in.violations()) + hive
                + " WHERE month IN (" + months + ")");
        s.add("CREATE TEMP VIEW c0 AS SELECT * FROM read_parquet(" + files(in.complaints()) + hive
                + " WHERE month IN (" + months + ")");
        s.add("CREATE TEMP VIEW k AS SELECT contract_id, anchor_id, mcn_id, valid_from,"
                + " coalesce(valid_to, DATE '9999-12-31') AS valid_to FROM read_parquet(" + files(in.contracts())
                + ", union_by_name = true)");
        // ComplaintTimeliness: working days from receipt to acceptance as of the cut-off (an acceptance after
        // it is not seen); decided when accepted by then, or when ordinal(asOf + 1) (asOf's when the calendar
        // ends there) - ordinal(received) exceeds the allowed working days
        String seen = "(c0.accepted_at IS NOT NULL AND " + day("c0.accepted_at") + " <= DATE '" + in.asOf() + "')";
        s.add("CREATE TEMP VIEW c AS SELECT c0.*,"
                + " coalesce(" + seen + " OR (coalesce((SELECT working_day_ordinal FROM cal WHERE day = DATE '" + in.asOf()
                + "' + 1), (SELECT working_day_ordinal FROM cal WHERE day = DATE '" + in.asOf()
                + "')) - r.working_day_ordinal) > " + in.acceptanceWorkingDays() + ", false) AS acceptance_decided,"
                + " (" + seen + " AND (a.working_day_ordinal - r.working_day_ordinal) <= "
                + in.acceptanceWorkingDays() + ") AS accepted_in_time"
                + " FROM c0 LEFT JOIN cal r ON r.day = " + day("c0.received_at")
                + " LEFT JOIN cal a ON a.day = " + day("c0.accepted_at"));
        // McnAttribution: the contract valid on the Beijing day; latest valid_from, then greatest contract_id
        s.add(attach("bm", "b", "broadcast_id", "b.anchor_id", "b.started_at"));
        s.add(attach("vm0", "v0", "violation_id", "CASE WHEN v0.subject_role = 'anchor' THEN v0.subject_id END",
                "v0.detected_at"));
        s.add("CREATE TEMP VIEW vm AS SELECT * REPLACE (CASE WHEN subject_role = 'mcn' THEN subject_id ELSE mcn_id END"
                + " AS mcn_id) FROM vm0");
        s.add(attach("cm", "c", "complaint_id", "c.anchor_id", "c.received_at"));
        s.add(copy(monthly(List.of("platform_id"), "b", "v0", "c"), outDir, "platform_monthly"));
        s.add(copy(monthly(List.of("mcn_id"), "(SELECT * FROM bm WHERE mcn_id IS NOT NULL)",
                "(SELECT * FROM vm WHERE mcn_id IS NOT NULL)", "(SELECT * FROM cm WHERE mcn_id IS NOT NULL)"),
                outDir, "mcn_monthly"));
        s.add(copy("SELECT *, last_day(CAST(month || '-01' AS DATE)) <= DATE '" + in.asOf() + "' AS is_complete FROM ("
                + monthly(List.of(), "b", "v0", "c") + ")", outDir, "trend_monthly"));
        s.add(copy("SELECT platform_id, mcn_id, month, category, kind, severity,"
                + " count(*) FILTER (WHERE status <> 'overturned') AS violations,"
                + " count(*) FILTER (WHERE status = 'confirmed') AS violations_confirmed"
                + " FROM vm GROUP BY platform_id, mcn_id, month, category, kind, severity", outDir,
                "violations_by_category"));
        return s;
    }

    private static String attach(String view, String facts, String id, String anchor, String instant) {
        return "CREATE TEMP VIEW " + view + " AS SELECT " + facts + ".*, k.mcn_id AS mcn_id FROM " + facts
                + " LEFT JOIN k ON k.anchor_id = " + anchor + " AND " + day(instant) + " BETWEEN k.valid_from AND k.valid_to"
                + " QUALIFY row_number() OVER (PARTITION BY " + facts + "." + id
                + " ORDER BY k.valid_from DESC NULLS LAST, k.contract_id DESC NULLS LAST) = 1";
    }

    private static String copy(String query, String outDir, String product) {
        return "COPY (" + query + ") TO '" + outDir + "/" + product + ".parquet' (FORMAT parquet)";
    }

    /** MonthlyIndicators.compute restated: per (dims, month), full outer join of the three aggregates. */
    static String monthly(List<String> dims, String b, String v, String c) {
        List<String> keys = new ArrayList<>(dims);
        keys.add("month");
        String by = String.join(", ", keys);
        String live = "status <> 'overturned'";
        String bb = "SELECT " + by + ", count(*) AS broadcasts, CAST(sum(coalesce(gmv_cny, 0)) AS DECIMAL(28,2)) AS gmv_cny"
                + " FROM " + b + " GROUP BY " + by;
        StringBuilder vv = new StringBuilder("SELECT " + by + ", count(*) FILTER (WHERE " + live + ") AS violations,"
                + " count(*) FILTER (WHERE status = 'confirmed') AS violations_confirmed");
        for (String sev : List.of("s1", "s2", "s3", "s4")) {
            vv.append(", count(*) FILTER (WHERE ").append(live).append(" AND severity = '").append(sev)
                    .append("') AS violations_").append(sev);
        }
        vv.append(", median((epoch(CAST(disposed_at AS TIMESTAMP)) - epoch(CAST(detected_at AS TIMESTAMP))) / 3600.0)"
                        + " FILTER (WHERE ").append(live).append(" AND disposed_at IS NOT NULL) AS median_hours_to_disposal")
                .append(", count(*) FILTER (WHERE ").append(live).append(" AND disposed_at IS NOT NULL) AS disposals")
                .append(" FROM ").append(v).append(" GROUP BY ").append(by);
        String cc = "SELECT " + by + ", count(*) AS complaints,"
                + " count(*) FILTER (WHERE acceptance_decided) AS complaints_acceptance_decided,"
                + " count(*) FILTER (WHERE accepted_in_time) AS complaints_accepted_in_time FROM " + c + " GROUP BY " + by;
        String counts = "broadcasts, violations, violations_confirmed, violations_s1, violations_s2, violations_s3,"
                + " violations_s4, disposals, complaints, complaints_acceptance_decided, complaints_accepted_in_time";
        StringBuilder sel = new StringBuilder("SELECT " + by);
        for (String n : counts.split(",\\s*")) {
            sel.append(", coalesce(").append(n).append(", 0) AS ").append(n);
        }
        sel.append(", coalesce(gmv_cny, CAST(0 AS DECIMAL(28,2))) AS gmv_cny, median_hours_to_disposal");
        String joined = sel + " FROM (" + bb + ") FULL OUTER JOIN (" + vv + ") USING (" + by + ") FULL OUTER JOIN ("
                + cc + ") USING (" + by + ")";
        return "SELECT " + by + ", broadcasts, gmv_cny, violations, violations_confirmed, violations_s1, violations_s2,"
                + " violations_s3, violations_s4,"
                + " CASE WHEN broadcasts > 0 THEN violations * 1000.0 / broadcasts END AS violations_per_1000_broadcasts,"
                + " median_hours_to_disposal, disposals, complaints, complaints_acceptance_decided,"
                + " complaints_accepted_in_time,"
                + " CASE WHEN complaints_acceptance_decided > 0 THEN complaints_accepted_in_time"
                + " / CAST(complaints_acceptance_decided AS DOUBLE) END AS share_accepted_in_time,"
                + " CASE WHEN gmv_cny > 0 THEN complaints / (CAST(gmv_cny AS DOUBLE) / 1000000.0) END"
                + " AS complaints_per_million_gmv FROM (" + joined + ")";
    }
}

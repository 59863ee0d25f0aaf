package org.livegov.metrics.bench;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.gold.ComplaintTimeliness;
import org.livegov.metrics.gold.ListingPeriods;
import org.livegov.metrics.gold.McnAttribution;
import org.livegov.metrics.time.BeijingTime;

/**
 * Numerators and exposures of the benchmark indicators for one Beijing quarter, for all four
 * roles, from silver: the hand-over table {@link IndicatorValues#SCHEMA} that the benchmark
 * statistics read. Pure: no I/O; every Dataset is lazy.
 *
 * <p>The definitions (what is counted over what) are code, one per id of {@link #DEFINED}; the
 * catalogue ({@code conf/indicators.yaml}) chooses which of them are published and gives scale,
 * goalposts and weights. Their text for the methodology sheet is in the catalogue; the rules:
 * <ul>
 *   <li>The quarter's facts: broadcasts by Beijing start day, violations by Beijing detection day
 *       (overturned ones never count), complaints by Beijing receipt day.</li>
 *   <li>An <em>active anchor</em> has a broadcast starting in the quarter; "before the first
 *       broadcast" compares with the earliest such start.</li>
 *   <li>MCN attribution by {@link McnAttribution}: broadcasts at start, anchor violations at
 *       detection (violations whose subject is an MCN go to it directly), complaints at receipt.</li>
 *   <li>Complaint timeliness by {@link ComplaintTimeliness} as of the quarter's last day
 *       (acceptance in 7, closure in 45 working days).</li>
 *   <li>Median kinds: sample median with the distribution-free 95 % order-statistic interval
 *       ({@link Intervals#medianInterval}); mean kinds: mean ± 1.959964 × sd/√n (normal
 *       approximation; no interval for n = 1).</li>
 *   <li>An entity with zero exposure for an indicator gets no row for it.</li>
 *   <li><em>Not reported is not zero.</em> When a platform recorded the field an indicator's
 *       numerator reads for none of the units in the quarter (e.g. no active anchor of the platform
 *       has {@code real_name_verified_at}, no complaint has {@code closed_at}), or sent no events an
 *       anchor's rate counts (no violation of an anchor, no complaint naming an anchor; for P16:
 *       no violation of an anchor up to the quarter's end and no person key on any active anchor,
 *       so that no listing could reach them), the
 *       platform does not report it: the cells of that indicator for the platform and for its
 *       merchants and anchors are left out of the values and listed in
 *       {@link Result#notAvailable()} with the reason, instead of being computed as 0 % or 0 per
 *       1,000. Decided per platform, because a field is delivered (or not) by a platform's feed;
 *       a field that is present for a single unit makes the whole platform count as reporting it.
 *       Required fields (licence_displayed, monitoring) are checked too: they are null only where
 *       the caller has blanked a value a source adapter filled in by assumption. Needs one small
 *       action per input table (per-platform counts of recorded fields). MCN indicators are
 *       cross-platform and are not checked.</li>
 *   <li><em>Missing data never improves a score</em> (issue 13 item 9). Where a blank field means
 *       "unknown" rather than "not done" ({@link #COVERED}: P02 birth date, P15 payer, the GMV of
 *       M06 and A04), a unit with the blank field leaves numerator and denominator alike; for the
 *       per-GMV rates a broadcast with a blank GMV leaves the exposure and the complaints naming it
 *       leave the count. Each such cell has a coverage (share of its units that had the field,
 *       {@link Result#coverage()}); below {@link Rules#minCoverage()} (configuration) the cell is
 *       not available, with the share in the reason. P17 publishes each platform's reporting
 *       completeness: the coverage of the least-reported of those fields. Where a blank means
 *       "not done" (no verification, audit, retention date, disposal) it counts against the entity
 *       and is left as it is.</li>
 *   <li><em>As of the quarter</em> (issue 13 items 8, 10): the offender list as it was on each day
 *       of the quarter ({@link ListingPeriods}), never its state when the release is computed;
 *       complaint acceptance and closure as of the quarter's last day (a later step is not seen).</li>
 * </ul>
 */
public final class QuarterlyIndicators {
    /** Every indicator whose definition is implemented here, with its role and statistical kind. */
    public static final Map<String, Definition> DEFINED;

    /** Role and kind an indicator id must have in the catalogue. */
    public record Definition(Role role, Kind kind) {
    }

    /**
     * Cells left out because their input is not reported: quarter, role, entity_id, indicator_id
     * (strings, as in {@link IndicatorValues#SCHEMA}) and reason (text naming the platform, the
     * field and the quarter).
     */
    public static final StructType NOT_AVAILABLE_SCHEMA = new StructType()
            .add("quarter", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("entity_id", DataTypes.StringType, false)
            .add("indicator_id", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false);

    /**
     * Coverage of the cells whose field may be blank ({@link #COVERED}): quarter, role, entity_id,
     * indicator_id (strings), coverage double (covered / units, 0..1), covered and units bigint
     * (units of the indicator's population, and those among them that had the field).
     */
    public static final StructType COVERAGE_SCHEMA = new StructType()
            .add("quarter", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("entity_id", DataTypes.StringType, false)
            .add("indicator_id", DataTypes.StringType, false)
            .add("coverage", DataTypes.DoubleType, false)
            .add("covered", DataTypes.LongType, false)
            .add("units", DataTypes.LongType, false);

    /**
     * Indicators whose numerator reads a field whose blank means "unknown" (not "not done"): a unit
     * with the blank field leaves numerator and denominator alike, the cell carries its coverage,
     * and below {@link Rules#minCoverage()} the cell is not available. Id → the field, for reasons.
     * (Elsewhere a blank counts against the entity, e.g. no {@code real_name_verified_at} is not
     * verified, so it cannot improve a score.)
     */
    public static final Map<String, String> COVERED = Map.of(
            "P02_underage_anchors", "birth_date of active anchors",
            "P15_platform_backstop", "compensated_by of complaints",
            "M06_complaints_per_million_gmv", "gmv_cny of broadcasts",
            "A04_complaints_per_million_gmv", "gmv_cny of broadcasts");

    /**
     * @param values       rows in {@link IndicatorValues#SCHEMA}, without the cells of {@code notAvailable}
     * @param notAvailable rows in {@link #NOT_AVAILABLE_SCHEMA}, sorted by role, entity_id, indicator_id
     * @param coverage     rows in {@link #COVERAGE_SCHEMA}, one per cell of a {@link #COVERED}
     *                     indicator with units (available or not), sorted by role, entity_id, indicator_id
     */
    public record Result(Dataset<Row> values, Dataset<Row> notAvailable, Dataset<Row> coverage) {
    }

    static {
        Map<String, Definition> d = new LinkedHashMap<>();
        for (String id : List.of("P01_anchor_real_name", "P02_underage_anchors", "P03_merchant_licence",
                "P04_anchor_entry_audit", "P05_merchant_entry_audit", "P06_broadcasts_monitored", "P07_recording_retained",
                "P08_self_detected", "P10_disposed_within_24h", "P11_complaints_accepted_7wd", "P12_complaints_resolved",
                "P13_complaints_closed_45wd", "P15_platform_backstop")) {
            d.put(id, new Definition(Role.PLATFORM, Kind.PROPORTION));
        }
        d.put("P09_median_hours_to_disposal", new Definition(Role.PLATFORM, Kind.MEDIAN));
        d.put("P14_mean_satisfaction", new Definition(Role.PLATFORM, Kind.MEAN));
        d.put("P16_listed_offenders_broadcasting", new Definition(Role.PLATFORM, Kind.RATE));
        d.put("P17_reporting_completeness", new Definition(Role.PLATFORM, Kind.PROPORTION));
        d.put("M01_contracted_anchors_verified", new Definition(Role.MCN, Kind.PROPORTION));
        d.put("M02_serious_violations_per_1000", new Definition(Role.MCN, Kind.RATE));
        d.put("M03_minor_violations_per_1000", new Definition(Role.MCN, Kind.RATE));
        d.put("M04_anchors_with_serious_violation", new Definition(Role.MCN, Kind.PROPORTION));
        d.put("M05_median_days_to_handle", new Definition(Role.MCN, Kind.MEDIAN));
        d.put("M06_complaints_per_million_gmv", new Definition(Role.MCN, Kind.RATE));
        d.put("M07_repeat_offender_anchors", new Definition(Role.MCN, Kind.PROPORTION));
        d.put("R01_licence_displayed", new Definition(Role.MERCHANT, Kind.PROPORTION));
        d.put("R02_entry_audited", new Definition(Role.MERCHANT, Kind.PROPORTION));
        d.put("R03_complaints_resolved", new Definition(Role.MERCHANT, Kind.PROPORTION));
        d.put("R04_mean_satisfaction", new Definition(Role.MERCHANT, Kind.MEAN));
        d.put("R05_commodity_compensated_by_merchant", new Definition(Role.MERCHANT, Kind.PROPORTION));
        d.put("A01_real_name_before_broadcast", new Definition(Role.ANCHOR, Kind.PROPORTION));
        d.put("A02_entry_audit_before_broadcast", new Definition(Role.ANCHOR, Kind.PROPORTION));
        d.put("A03_violations_per_1000", new Definition(Role.ANCHOR, Kind.RATE));
        d.put("A04_complaints_per_million_gmv", new Definition(Role.ANCHOR, Kind.RATE));
        DEFINED = java.util.Collections.unmodifiableMap(d);
    }

    /** Two-sided 95 % standard normal quantile. */
    static final double Z95 = 1.959963984540054;
    static final double CONFIDENCE = 0.95;
    private static final List<String> FINAL_OUTCOMES = List.of("resolved", "partially_resolved", "unresolved", "rejected");
    /** Outcomes after which a complaint is no longer handled: the final ones and a withdrawal (P15's universe). */
    private static final List<String> ENDED_OUTCOMES = java.util.stream.Stream.concat(FINAL_OUTCOMES.stream(),
            java.util.stream.Stream.of("withdrawn")).toList();

    /**
     * Silver inputs (whole tables or any superset of the quarter; the quarter is selected here).
     *
     * @param broadcasts silver broadcasts: {@code broadcast_id, platform_id, anchor_id, started_at
     *                   timestamp, gmv_cny decimal, monitoring, recording_retained_until date}
     * @param violations silver violations: {@code violation_id, platform_id, subject_role, subject_id,
     *                   severity, detected_at, detected_by, disposed_at, status}
     * @param complaints silver complaints: {@code complaint_id, platform_id, merchant_id, anchor_id,
     *                   kind, received_at, accepted_at, closed_at, outcome, compensated_by, satisfaction}
     * @param anchors    silver anchors: {@code anchor_id, person_key, turns_16_on date (the day the anchor turns 16;
     *                   silver keeps no birth date), real_name_verified_at, entry_audited_at}
     * @param merchants  silver merchants: {@code merchant_id, platform_id, licence_displayed, entry_audited_at}
     * @param contracts  silver contracts: {@code contract_id, anchor_id, mcn_id, valid_from, valid_to}
     * @param listed     every listing that reached the offender list, in any state today
     *                   ({@link ListingPeriods#of}): {@code subject_role string, subject_key string
     *                   (person:&lt;person_key&gt; or anchor:&lt;anchor_id&gt; for anchors, as
     *                   {@link org.livegov.metrics.gold.SubjectKeys}), listed_from date, ended_on date
     *                   (Beijing; null while on the list)}, so that P16 and M07 read the list as it
     *                   was in the quarter, not as it is when the release is computed
     * @param calendar   working days: {@code day date, is_working_day boolean, working_day_ordinal int},
     *                   covering the quarter and the working-day limits after it
     *
     * <p>The registers (anchors, merchants, contracts) may hold every version of a key with the
     * history columns of {@link RegisterHistory}: the definitions read each register as it stood
     * on the quarter's last day (Beijing), {@link RegisterHistory#asOf}. Without those columns (a
     * release pinned to a table version written before them) a register is read as it is.
     */
    public record Inputs(Dataset<Row> broadcasts, Dataset<Row> violations, Dataset<Row> complaints,
                         Dataset<Row> anchors, Dataset<Row> merchants, Dataset<Row> contracts,
                         Dataset<Row> listed, Dataset<Row> calendar) {
        public Inputs {
            Objects.requireNonNull(broadcasts, "broadcasts");
            Objects.requireNonNull(violations, "violations");
            Objects.requireNonNull(complaints, "complaints");
            Objects.requireNonNull(anchors, "anchors");
            Objects.requireNonNull(merchants, "merchants");
            Objects.requireNonNull(contracts, "contracts");
            Objects.requireNonNull(listed, "listed");
            Objects.requireNonNull(calendar, "calendar");
        }
    }

    /**
     * Numbers of national rules the definitions use (from configuration, each citing its rule).
     *
     * @param minAnchorAgeYears       16 (Measures for Live-streaming Marketing (trial), 2021)
     * @param recordingRetentionYears 3 (SAMR Online Transaction Supervision Measures, 2021)
     * @param disposalHours           24 (configuration)
     * @param acceptanceWorkingDays   7 (SAMR complaint handling measures art. 14)
     * @param closureWorkingDays      45 (SAMR complaint handling measures art. 21)
     * @param minCoverage             0.8 (configuration): below this share of units with the field a
     *                                cell of a {@link #COVERED} indicator is not available; 0 never
     * @throws IllegalArgumentException on a value that is not positive, or a coverage outside [0, 1]
     */
    public record Rules(int minAnchorAgeYears, int recordingRetentionYears, double disposalHours,
                        int acceptanceWorkingDays, int closureWorkingDays, double minCoverage) {
        public Rules {
            if (minAnchorAgeYears <= 0 || recordingRetentionYears <= 0 || !(disposalHours > 0)
                    || acceptanceWorkingDays <= 0 || closureWorkingDays <= 0) {
                throw new IllegalArgumentException("rules must be positive: " + minAnchorAgeYears + ", "
                        + recordingRetentionYears + ", " + disposalHours + ", " + acceptanceWorkingDays + ", " + closureWorkingDays);
            }
            if (!(minCoverage >= 0 && minCoverage <= 1)) {
                throw new IllegalArgumentException("minimum coverage must be in [0, 1]: " + minCoverage);
            }
        }
    }

    private final Quarter quarter;
    private final Rules rules;
    private final Map<String, Indicator> catalogue = new LinkedHashMap<>();
    // the quarter's facts and derived sets, built once (lazy Datasets)
    private final Dataset<Row> b;
    private final Dataset<Row> v;
    private final Dataset<Row> c;
    private final Dataset<Row> anchors;
    private final Dataset<Row> merchants;
    private final Dataset<Row> contracts;
    private final Dataset<Row> listedAnchors;
    private final Dataset<Row> active;
    private final Dataset<Row> anchorViolationsToDate;
    /** broadcast_id of every broadcast (any quarter) whose GMV is blank: its complaints leave the per-GMV rates. */
    private final Dataset<Row> blankGmv;
    /** Coverage rows of the {@link #COVERED} cells ({@link #COVERAGE_SCHEMA}), filled by {@link #all()}. */
    private final List<Dataset<Row>> coverageParts = new ArrayList<>();

    /**
     * Silver anchors written before birth dates were reduced (a release's pinned version) have
     * {@code birth_date} and no {@code turns_16_on}: derive it the same way (+ 16 years), so that
     * verifying an old release gives the figures it published.
     */
    static Dataset<Row> withTurns16(Dataset<Row> anchors) {
        List<String> cols = java.util.Arrays.asList(anchors.columns());
        return cols.contains("turns_16_on") || !cols.contains("birth_date") ? anchors
                : anchors.withColumn("turns_16_on", add_months(col("birth_date"), 12 * 16)).drop("birth_date");
    }

    private QuarterlyIndicators(Quarter quarter, Inputs in, Rules rules, List<Indicator> catalogue) {
        this.quarter = quarter;
        this.rules = rules;
        catalogue.forEach(i -> this.catalogue.put(i.id(), i));
        Column first = lit(Date.valueOf(quarter.firstDay()));
        Column last = lit(Date.valueOf(quarter.lastDay()));
        this.b = inQuarter(in.broadcasts(), "started_at", first, last);
        this.v = inQuarter(in.violations(), "detected_at", first, last).where(col("status").notEqual("overturned"));
        Dataset<Row> cq = inQuarter(in.complaints(), "received_at", first, last);
        cq = ComplaintTimeliness.annotate(cq, in.calendar(), quarter.lastDay(), rules.acceptanceWorkingDays());
        this.c = ComplaintTimeliness.annotateClosure(cq, in.calendar(), quarter.lastDay(), rules.closureWorkingDays());
        // the registers as they stood on the quarter's last day (issue 17 item 3): a version landed or dated
        // after the quarter does not change its figures
        this.anchors = withTurns16(RegisterHistory.asOf(in.anchors(), quarter.lastDay()));
        this.merchants = RegisterHistory.asOf(in.merchants(), quarter.lastDay());
        this.contracts = RegisterHistory.asOf(in.contracts(), quarter.lastDay());
        // anchor accounts of listed subjects: a person key lists every account of that person; one row per
        // (account, listing) with the listing's days on the list [listed_from, ended_on), whatever its state today
        Dataset<Row> listed = in.listed().where(col("subject_role").equalTo("anchor")
                        .and(col("listed_from").leq(last)))
                .select(col("subject_key").as("_l_key"), col("listed_from"), col("ended_on"));
        Dataset<Row> keys = anchors.select(col("anchor_id"), SubjectKey.of(SubjectKey.Kind.PERSON, col("person_key")).as("_k1"),
                SubjectKey.of(SubjectKey.Kind.ANCHOR, col("anchor_id")).as("_k2"));
        this.listedAnchors = keys.join(listed, col("_l_key").equalTo(col("_k1")).or(col("_l_key").equalTo(col("_k2"))))
                .select("anchor_id", "listed_from", "ended_on");
        // active anchors: platform, anchor, first start of the quarter, joined to the register
        this.active = b.groupBy("platform_id", "anchor_id").agg(min("started_at").as("first_start"))
                .join(anchors.select(col("anchor_id"), col("person_key"), col("turns_16_on"), col("real_name_verified_at"),
                        col("entry_audited_at")), "anchor_id");
        this.blankGmv = in.broadcasts().where(col("gmv_cny").isNull()).select(col("broadcast_id").as("_blank_gmv")).distinct();
        this.anchorViolationsToDate = in.violations().where(col("subject_role").equalTo("anchor")
                .and(BeijingTime.day(col("detected_at")).leq(last)));
    }

    /**
     * @param quarter   the Beijing quarter
     * @param in        silver inputs
     * @param rules     numbers of the national rules
     * @param catalogue the indicators to compute; ids must be in {@link #DEFINED} with the same role and kind
     * @return rows in {@link IndicatorValues#SCHEMA}, one per (role, entity, indicator) with exposure &gt; 0;
     *     value in the published unit (numerator / denominator × scale for proportions and rates)
     * @throws IllegalArgumentException on an id not in {@link #DEFINED}, or with another role or kind
     */
    public static Dataset<Row> compute(Quarter quarter, Inputs in, Rules rules, List<Indicator> catalogue) {
        return computeWithGaps(quarter, in, rules, catalogue).values();
    }

    /**
     * Same as {@link #compute}, and the cells left out because a platform does not report their input.
     *
     * @throws IllegalArgumentException as {@link #compute}
     */
    public static Result computeWithGaps(Quarter quarter, Inputs in, Rules rules, List<Indicator> catalogue) {
        for (Indicator i : catalogue) {
            Definition d = DEFINED.get(i.id());
            if (d == null) throw new IllegalArgumentException("indicator " + i.id() + " has no definition in QuarterlyIndicators");
            if (d.role() != i.role() || d.kind() != i.kind()) {
                throw new IllegalArgumentException("indicator " + i.id() + " is defined as " + d.role().key() + " "
                        + d.kind() + ", not " + i.role().key() + " " + i.kind());
            }
        }
        if (catalogue.isEmpty()) throw new IllegalArgumentException("empty catalogue");
        QuarterlyIndicators q = new QuarterlyIndicators(quarter, in, rules, catalogue);
        org.apache.spark.sql.SparkSession spark = in.broadcasts().sparkSession();
        Dataset<Row> values = q.all();
        Dataset<Row> missing = q.notAvailable(spark);
        // coverage of the COVERED cells (small: one row per cell), then the cells below the minimum
        List<Row> cov = new ArrayList<>();
        if (!q.coverageParts.isEmpty()) {
            Dataset<Row> all = q.coverageParts.get(0);
            for (int k = 1; k < q.coverageParts.size(); k++) all = all.unionByName(q.coverageParts.get(k));
            cov.addAll(all.collectAsList());
            cov.sort(java.util.Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(2))
                    .thenComparing(r -> r.getString(3)));
        }
        List<Row> below = q.belowCoverage(cov, missing.collectAsList());
        if (!below.isEmpty()) {
            List<Row> na = new ArrayList<>(missing.collectAsList());
            na.addAll(below);
            na.sort(java.util.Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(2))
                    .thenComparing(r -> r.getString(3)));
            missing = spark.createDataFrame(na, NOT_AVAILABLE_SCHEMA);
        }
        Dataset<Row> coverage = spark.createDataFrame(cov, COVERAGE_SCHEMA);
        if (!missing.isEmpty()) {
            values = values.join(missing.select("role", "entity_id", "indicator_id"),
                    new String[]{"role", "entity_id", "indicator_id"}, "left_anti").select(
                    java.util.Arrays.stream(IndicatorValues.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
                            .toArray(Column[]::new));
        }
        return new Result(values, missing, coverage);
    }

    /**
     * The cells of {@code coverage} below {@link Rules#minCoverage()} that are not already not
     * available, as {@link #NOT_AVAILABLE_SCHEMA} rows whose reason gives the share (never the counts:
     * a suppressed cell must not give its exposure away).
     */
    private List<Row> belowCoverage(List<Row> coverage, List<Row> alreadyMissing) {
        java.util.Set<String> known = new java.util.HashSet<>();
        alreadyMissing.forEach(r -> known.add(r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3)));
        List<Row> out = new ArrayList<>();
        for (Row r : coverage) {
            double share = r.getDouble(4);
            if (share >= rules.minCoverage() || known.contains(r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3))) continue;
            String reason = String.format(java.util.Locale.ROOT, "%s recorded for a share %.3f of the units of %s %s in %s: "
                            + "below the minimum coverage %.2f (configuration: conf/indicators.yaml coverage.min_share)",
                    COVERED.get(r.getString(3)), share, r.getString(1), r.getString(2), quarter, rules.minCoverage());
            out.add(org.apache.spark.sql.RowFactory.create(r.getString(0), r.getString(1), r.getString(2), r.getString(3), reason));
        }
        return out;
    }

    /**
     * What an indicator's numerator reads that a platform's feed may not carry at all.
     *
     * @param population table (key of {@link #reporting}) whose units make the indicator's exposure
     * @param entity     column of the population naming the indicator's entity
     * @param evidence   (table, column) pairs: the platform does not report the input when the column
     *                   is null in every row of the platform in each of these tables
     * @param reason     format of the reason: {@code %1$s} the platform, {@code %2$s} the quarter
     */
    private record Gap(String population, String entity, List<List<String>> evidence, String reason) {
        Gap(String population, String entity, String source, String field, String what) {
            this(population, entity, List.of(List.of(source, field)), "platform %1$s reported no " + what + " in %2$s");
        }
    }

    /** Indicator id → its gap, for the indicators whose numerator reads a field a feed may leave out. */
    private static final Map<String, Gap> GAPS;

    static {
        Map<String, Gap> g = new LinkedHashMap<>();
        g.put("P01_anchor_real_name", new Gap("active", "platform_id", "active", "real_name_verified_at", "real_name_verified_at of its active anchors"));
        g.put("P02_underage_anchors", new Gap("active", "platform_id", "active", "turns_16_on", "birth_date of its active anchors"));
        g.put("P03_merchant_licence", new Gap("merchants", "platform_id", "merchants", "licence_displayed", "licence_displayed of its merchants"));
        g.put("P04_anchor_entry_audit", new Gap("active", "platform_id", "active", "entry_audited_at", "entry_audited_at of its active anchors"));
        g.put("P05_merchant_entry_audit", new Gap("merchants", "platform_id", "merchants", "entry_audited_at", "entry_audited_at of its merchants"));
        g.put("P06_broadcasts_monitored", new Gap("broadcasts", "platform_id", "broadcasts", "monitoring", "monitoring of its broadcasts"));
        g.put("P07_recording_retained", new Gap("broadcasts", "platform_id", "broadcasts", "recording_retained_until", "recording_retained_until of its broadcasts"));
        g.put("P09_median_hours_to_disposal", new Gap("violations", "platform_id", "violations", "disposed_at", "disposed_at of its violations"));
        g.put("P10_disposed_within_24h", new Gap("violations", "platform_id", "violations", "disposed_at", "disposed_at of its violations"));
        g.put("P11_complaints_accepted_7wd", new Gap("complaints", "platform_id", "complaints", "accepted_at", "accepted_at of its complaints"));
        g.put("P12_complaints_resolved", new Gap("complaints", "platform_id", "complaints", "outcome", "outcome of its complaints"));
        g.put("P13_complaints_closed_45wd", new Gap("complaints", "platform_id", "complaints", "closed_at", "closed_at of its complaints"));
        g.put("P14_mean_satisfaction", new Gap("complaints", "platform_id", "complaints", "satisfaction", "satisfaction of its complaints"));
        g.put("P15_platform_backstop", new Gap("complaints", "platform_id", "complaints", "compensated_by", "compensated_by of its complaints"));
        // listed offenders come from violations of anchors on the platform or, across platforms, by person key:
        // with neither, the numerator is 0 by construction
        g.put("P16_listed_offenders_broadcasting", new Gap("active", "platform_id",
                List.of(List.of("anchor_violations_to_date", "subject_id"), List.of("active", "person_key")),
                "platform %1$s reported no violation of an anchor by the end of %2$s and none of its active anchors has a "
                        + "person key: no listing can reach them"));
        g.put("R01_licence_displayed", new Gap("merchants", "merchant_id", "merchants", "licence_displayed", "licence_displayed of its merchants"));
        g.put("R02_entry_audited", new Gap("merchants", "merchant_id", "merchants", "entry_audited_at", "entry_audited_at of its merchants"));
        g.put("R03_complaints_resolved", new Gap("merchant_complaints", "merchant_id", "complaints", "outcome", "outcome of its complaints"));
        g.put("R04_mean_satisfaction", new Gap("merchant_complaints", "merchant_id", "complaints", "satisfaction", "satisfaction of its complaints"));
        g.put("R05_commodity_compensated_by_merchant", new Gap("merchant_complaints", "merchant_id", "complaints", "compensated_by", "compensated_by of its complaints"));
        g.put("A01_real_name_before_broadcast", new Gap("active", "anchor_id", "active", "real_name_verified_at", "real_name_verified_at of its active anchors"));
        g.put("A02_entry_audit_before_broadcast", new Gap("active", "anchor_id", "active", "entry_audited_at", "entry_audited_at of its active anchors"));
        g.put("A03_violations_per_1000", new Gap("broadcasts", "anchor_id", "violations", "_anchor_subject", "violations of anchors"));
        g.put("A04_complaints_per_million_gmv", new Gap("broadcasts", "anchor_id", "complaints", "anchor_id", "complaints naming an anchor"));
        GAPS = java.util.Collections.unmodifiableMap(g);
    }

    /** The quarter's tables by the names {@link Gap} uses; each has {@code platform_id}. */
    private Map<String, Dataset<Row>> reporting() {
        Map<String, Dataset<Row>> t = new LinkedHashMap<>();
        t.put("active", active);
        t.put("merchants", merchants);
        t.put("broadcasts", b);
        t.put("violations", v.withColumn("_anchor_subject", when(col("subject_role").equalTo("anchor"), col("subject_id"))));
        t.put("complaints", c);
        t.put("merchant_complaints", c.where(col("merchant_id").isNotNull()));
        t.put("anchor_violations_to_date", anchorViolationsToDate);
        return t;
    }

    /** Where a population's units are counted per platform: merchant_complaints are the complaints with a merchant_id. */
    private static String[] units(String population) {
        return population.equals("merchant_complaints") ? new String[]{"complaints", "merchant_id"} : new String[]{population, "_units"};
    }

    /** The cells whose input the entity's platform does not report (see the class comment), sorted. */
    private Dataset<Row> notAvailable(org.apache.spark.sql.SparkSession spark) {
        Map<String, Dataset<Row>> tables = reporting();
        Map<String, Gap> gaps = new LinkedHashMap<>();
        catalogue.keySet().stream().filter(GAPS::containsKey).forEach(id -> gaps.put(id, GAPS.get(id)));
        // per table: the columns to count (non-null values per platform), then table → platform → column → count
        Map<String, java.util.Set<String>> fields = new java.util.TreeMap<>();
        for (Gap g : gaps.values()) {
            String[] u = units(g.population());
            fields.computeIfAbsent(u[0], k -> new java.util.TreeSet<>()).add(u[1]);
            g.evidence().forEach(e -> fields.computeIfAbsent(e.get(0), k -> new java.util.TreeSet<>()).add(e.get(1)));
        }
        Map<String, Map<String, Map<String, Long>>> counts = new LinkedHashMap<>();
        for (Map.Entry<String, java.util.Set<String>> e : fields.entrySet()) {
            List<String> f = new ArrayList<>(e.getValue());
            f.remove("_units");
            Column[] aggs = f.stream().map(x -> count(col(x)).as(x)).toArray(Column[]::new);
            Map<String, Map<String, Long>> byPlatform = new java.util.TreeMap<>();
            for (Row r : tables.get(e.getKey()).groupBy("platform_id").agg(count(lit(1)).as("_units"), aggs).collectAsList()) {
                if (r.isNullAt(0)) continue;
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("_units", r.getLong(1));
                for (int k = 0; k < f.size(); k++) m.put(f.get(k), r.getLong(2 + k));
                byPlatform.put(r.getString(0), m);
            }
            counts.put(e.getKey(), byPlatform);
        }
        // per gap: the platforms with units in the population and no evidence at all
        Map<String, List<String>> silent = new LinkedHashMap<>();
        Map<List<String>, java.util.Set<String>> wanted = new LinkedHashMap<>();   // (population, entity) → platforms
        gaps.forEach((id, g) -> {
            String[] u = units(g.population());
            List<String> ps = new ArrayList<>();
            counts.get(u[0]).forEach((p, m) -> {
                boolean none = g.evidence().stream().allMatch(e ->
                        counts.get(e.get(0)).getOrDefault(p, Map.of()).getOrDefault(e.get(1), 0L) == 0);
                if (m.get(u[1]) > 0 && none) ps.add(p);
            });
            silent.put(id, ps);
            if (!ps.isEmpty() && !g.entity().equals("platform_id")) {
                wanted.computeIfAbsent(List.of(g.population(), g.entity()), k -> new java.util.TreeSet<>()).addAll(ps);
            }
        });
        // their entities: one small job per (population, entity column), only when some platform is silent
        Map<List<String>, Map<String, List<String>>> entitiesOf = new LinkedHashMap<>();
        wanted.forEach((key, platforms) -> {
            Map<String, List<String>> byPlatform = new java.util.TreeMap<>();
            for (Row r : tables.get(key.get(0)).where(col("platform_id").isin(platforms.toArray()).and(col(key.get(1)).isNotNull()))
                    .select(col("platform_id"), col(key.get(1)).cast("string")).distinct().collectAsList()) {
                byPlatform.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
            }
            entitiesOf.put(key, byPlatform);
        });
        List<Row> rows = new ArrayList<>();
        gaps.forEach((id, g) -> {
            Indicator i = catalogue.get(id);
            for (String p : silent.get(id)) {
                String reason = String.format(java.util.Locale.ROOT, g.reason(), p, quarter);
                List<String> entities = g.entity().equals("platform_id") ? List.of(p)
                        : entitiesOf.get(List.of(g.population(), g.entity())).getOrDefault(p, List.of());
                for (String entity : entities) {
                    rows.add(org.apache.spark.sql.RowFactory.create(quarter.toString(), i.role().key(), entity, id, reason));
                }
            }
        });
        rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(2))
                .thenComparing(r -> r.getString(3)));
        return spark.createDataFrame(rows, NOT_AVAILABLE_SCHEMA);
    }

    private Dataset<Row> all() {
        Map<String, Supplier<Dataset<Row>>> defs = new LinkedHashMap<>();
        Column before = col("real_name_verified_at").leq(col("first_start"));
        Timestamp end = Timestamp.from(quarter.endExclusive());
        // complaints whose handling had ended by the quarter's last day (P15 and its field in P17)
        Dataset<Row> ended = c.where(col("working_days_to_close").isNotNull()
                .or(col("closed_at").isNull().and(col("outcome").isin(ENDED_OUTCOMES.toArray()))));
        // --- platform ---
        defs.put("P01_anchor_real_name", () -> ratio(active, "platform_id", before));
        // under the minimum age on the day of the first broadcast: the day the anchor reaches it is
        // later than that day (reaching it on that very day is not under age). Silver keeps the day
        // the anchor turns 16; another minimum age shifts it by whole years, which equals birth date +
        // age for every birth date before 2084 (only a 29 February whose 16th anniversary falls in a
        // common century year, 2100, could differ by a day). A blank birth date is unknown: that
        // anchor leaves numerator and denominator (coverage).
        defs.put("P02_underage_anchors", () -> coveredRatio(active, "platform_id", col("turns_16_on").isNotNull(),
                add_months(col("turns_16_on"), 12 * (rules.minAnchorAgeYears() - 16)).gt(BeijingTime.day(col("first_start")))));
        defs.put("P03_merchant_licence", () -> ratio(merchants, "platform_id", col("licence_displayed")));
        defs.put("P04_anchor_entry_audit", () -> ratio(active, "platform_id", col("entry_audited_at").leq(col("first_start"))));
        defs.put("P05_merchant_entry_audit", () -> ratio(merchants, "platform_id", col("entry_audited_at").lt(lit(end))));
        defs.put("P06_broadcasts_monitored", () -> ratio(b, "platform_id", col("monitoring").isin("automated", "patrol")));
        defs.put("P07_recording_retained", () -> ratio(b, "platform_id", col("recording_retained_until")
                .geq(add_months(BeijingTime.day(col("started_at")), 12 * rules.recordingRetentionYears()))));
        defs.put("P08_self_detected", () -> ratio(v, "platform_id", col("detected_by").isin("platform_automated", "platform_patrol")));
        defs.put("P09_median_hours_to_disposal", () -> median(v.where(col("disposed_at").isNotNull()), "platform_id", hours()));
        defs.put("P10_disposed_within_24h", () -> ratio(v, "platform_id",
                col("disposed_at").isNotNull().and(hours().leq(rules.disposalHours()))));
        defs.put("P11_complaints_accepted_7wd", () -> ratio(c.where(col("acceptance_decided")), "platform_id", col("accepted_in_time")));
        defs.put("P12_complaints_resolved", () -> ratio(c.where(col("outcome").isin(FINAL_OUTCOMES.toArray())), "platform_id",
                col("outcome").equalTo("resolved")));
        defs.put("P13_complaints_closed_45wd", () -> ratio(c.where(col("closure_decided")), "platform_id", col("closed_in_time")));
        defs.put("P14_mean_satisfaction", () -> mean(c, "platform_id", col("satisfaction")));
        // only complaints whose handling had ended by the quarter's last day: closed by then (closure_decided
        // and a working_days_to_close), or, where no closing time is reported, with an outcome that ends
        // handling (outcome is read as loaded). An open complaint has no payer yet: that is not "unknown",
        // it is not decided, so it is out of the indicator and of its coverage; a payer recorded at a
        // closing after the cut-off is not seen. Among the ended ones a blank payer is unknown ("none" is
        // the value for no compensation): that complaint leaves both (coverage).
        defs.put("P15_platform_backstop", () -> coveredRatio(ended, "platform_id", col("compensated_by").isNotNull(),
                col("compensated_by").equalTo("platform")));
        defs.put("P16_listed_offenders_broadcasting", () -> {
            // a broadcast in the quarter on a Beijing day when the account was on the list (as that day, not today)
            Dataset<Row> still = b.join(listedAnchors, "anchor_id")
                    .where(ListingPeriods.onListOn(BeijingTime.day(col("started_at"))))
                    .groupBy(col("platform_id").as("entity_id")).agg(countDistinct("anchor_id").as("_n"));
            Dataset<Row> exposure = active.groupBy(col("platform_id").as("entity_id")).agg(count(lit(1)).as("denominator"));
            return exposure.join(still, new String[]{"entity_id"}, "left")
                    .select(col("entity_id"), coalesce(col("_n"), lit(0L)).as("numerator"), col("denominator"));
        });
        defs.put("P17_reporting_completeness", () -> {
            // the least-reported of the fields the COVERED indicators read, among those with units: active anchors ×
            // birth_date (P02), complaints ended by the cut-off × compensated_by (P15), broadcasts × gmv_cny (M06, A04 exposure);
            // numerator = its units with the field, denominator = its units. The weakest field, not a pooled share,
            // so that many broadcasts with a GMV cannot hide that no anchor has a birth date. Ties: that order.
            Dataset<Row> per = active.groupBy("platform_id").agg(count(col("turns_16_on")).as("_c"), count(lit(1)).as("_u"))
                    .withColumn("_f", lit(1))
                    .unionByName(ended.groupBy("platform_id").agg(count(col("compensated_by")).as("_c"), count(lit(1)).as("_u"))
                            .withColumn("_f", lit(2)))
                    .unionByName(b.groupBy("platform_id").agg(count(col("gmv_cny")).as("_c"), count(lit(1)).as("_u"))
                            .withColumn("_f", lit(3)));
            return per.where(col("_u").gt(0)).groupBy(col("platform_id").as("entity_id"))
                    .agg(min(struct(col("_c").cast("double").divide(col("_u").cast("double")).as("_r"), col("_f"),
                            col("_c"), col("_u"))).as("_m"))
                    .select(col("entity_id"), col("_m._c").as("numerator"), col("_m._u").as("denominator"));
        });
        // --- MCN ---
        Dataset<Row> bm = McnAttribution.attach(b, "broadcast_id", "anchor_id", "started_at", contracts)
                .where(col("mcn_id").isNotNull());
        Dataset<Row> vm = McnAttribution.attachViolations(v, contracts).where(col("mcn_id").isNotNull());
        Dataset<Row> mcnAnchors = bm.select("mcn_id", "anchor_id").distinct();
        Column serious = col("severity").isin("s3", "s4");
        defs.put("M01_contracted_anchors_verified", () -> {
            Dataset<Row> contracted = contracts.where(col("valid_from").leq(lit(Date.valueOf(quarter.lastDay())))
                            .and(col("valid_to").isNull().or(col("valid_to").geq(lit(Date.valueOf(quarter.firstDay()))))))
                    .select("mcn_id", "anchor_id").distinct()
                    .join(anchors.select("anchor_id", "real_name_verified_at"), new String[]{"anchor_id"}, "left");
            return ratio(contracted, "mcn_id", col("real_name_verified_at").lt(lit(end)));
        });
        defs.put("M02_serious_violations_per_1000", () -> countsOver(vm.where(serious), bm, "mcn_id"));
        defs.put("M03_minor_violations_per_1000", () -> countsOver(vm.where(col("severity").isin("s1", "s2")), bm, "mcn_id"));
        defs.put("M04_anchors_with_serious_violation", () -> {
            Dataset<Row> flagged = vm.where(serious.and(col("subject_role").equalTo("anchor")))
                    .select(col("mcn_id"), col("subject_id").as("anchor_id"), lit(true).as("_serious")).distinct();
            return ratio(mcnAnchors.join(flagged, new String[]{"mcn_id", "anchor_id"}, "left"), "mcn_id",
                    coalesce(col("_serious"), lit(false)));
        });
        defs.put("M05_median_days_to_handle", () -> median(vm.where(col("subject_role").equalTo("anchor")
                .and(col("disposed_at").isNotNull())), "mcn_id", hours().divide(24.0)));
        defs.put("M06_complaints_per_million_gmv", () -> {
            Dataset<Row> cm = McnAttribution.attach(c.where(col("anchor_id").isNotNull()), "complaint_id", "anchor_id",
                    "received_at", contracts).where(col("mcn_id").isNotNull());
            return perMillionGmv(cm, bm, "mcn_id", blankGmv);
        });
        defs.put("M07_repeat_offender_anchors", () -> {
            // on the list on the quarter's last day (a listing that expires or is removed later still counts)
            Dataset<Row> l = listedAnchors.where(ListingPeriods.onListOn(lit(Date.valueOf(quarter.lastDay()))))
                    .select(col("anchor_id"), lit(true).as("_listed")).distinct();
            return ratio(mcnAnchors.join(l, new String[]{"anchor_id"}, "left"), "mcn_id", coalesce(col("_listed"), lit(false)));
        });
        // --- merchant ---
        Dataset<Row> cMerchant = c.where(col("merchant_id").isNotNull());
        defs.put("R01_licence_displayed", () -> ratio(merchants, "merchant_id", col("licence_displayed")));
        defs.put("R02_entry_audited", () -> ratio(merchants, "merchant_id", col("entry_audited_at").lt(lit(end))));
        defs.put("R03_complaints_resolved", () -> ratio(cMerchant.where(col("outcome").isin(FINAL_OUTCOMES.toArray())),
                "merchant_id", col("outcome").equalTo("resolved")));
        defs.put("R04_mean_satisfaction", () -> mean(cMerchant, "merchant_id", col("satisfaction")));
        defs.put("R05_commodity_compensated_by_merchant", () -> ratio(cMerchant.where(col("kind").equalTo("commodity")
                        .and(col("compensated_by").isNotNull()).and(col("compensated_by").notEqual("none"))),
                "merchant_id", col("compensated_by").equalTo("merchant")));
        // --- anchor ---
        defs.put("A01_real_name_before_broadcast", () -> ratio(active, "anchor_id", before));
        defs.put("A02_entry_audit_before_broadcast", () -> ratio(active, "anchor_id", col("entry_audited_at").leq(col("first_start"))));
        defs.put("A03_violations_per_1000", () -> countsOver(
                v.where(col("subject_role").equalTo("anchor")).withColumn("anchor_id", col("subject_id")), b, "anchor_id"));
        defs.put("A04_complaints_per_million_gmv", () -> perMillionGmv(c.where(col("anchor_id").isNotNull()), b, "anchor_id", blankGmv));

        List<Dataset<Row>> parts = new ArrayList<>();
        for (Indicator i : catalogue.values()) {
            Dataset<Row> d = defs.get(i.id()).get();
            parts.add(finish(i, d));
            if (COVERED.containsKey(i.id())) {
                coverageParts.add(d.where(col("_units").gt(0)).select(lit(quarter.toString()).as("quarter"),
                        lit(i.role().key()).as("role"), col("entity_id").cast("string").as("entity_id"),
                        lit(i.id()).as("indicator_id"), col("_covered").cast("double").divide(col("_units").cast("double")).as("coverage"),
                        col("_covered").cast("long").as("covered"), col("_units").cast("long").as("units")));
            }
        }
        Dataset<Row> out = parts.get(0);
        for (int k = 1; k < parts.size(); k++) out = out.unionByName(parts.get(k));
        return out;
    }

    private static Dataset<Row> inQuarter(Dataset<Row> facts, String instant, Column first, Column last) {
        Column day = BeijingTime.day(col(instant));
        return facts.where(day.geq(first).and(day.leq(last)));
    }

    private static Column hours() {
        return col("disposed_at").cast("double").minus(col("detected_at").cast("double")).divide(3600.0);
    }

    /** Units of {@code rows} per entity: numerator = units where {@code event} is true (null counts as false). */
    private static Dataset<Row> ratio(Dataset<Row> rows, String entity, Column event) {
        return rows.groupBy(col(entity).as("entity_id"))
                .agg(count(when(event, 1)).as("numerator"), count(lit(1)).as("denominator"));
    }

    /** Events per entity over the entity's broadcasts (exposure); entities without broadcasts are left out. */
    private static Dataset<Row> countsOver(Dataset<Row> events, Dataset<Row> broadcasts, String entity) {
        Dataset<Row> n = events.groupBy(col(entity).as("entity_id")).agg(count(lit(1)).as("_n"));
        return broadcasts.groupBy(col(entity).as("entity_id")).agg(count(lit(1)).as("denominator"))
                .join(n, new String[]{"entity_id"}, "left")
                .select(col("entity_id"), coalesce(col("_n"), lit(0L)).as("numerator"), col("denominator"));
    }

    /**
     * Units of {@code rows} per entity whose field is known ({@code known}): numerator = those where
     * {@code event} is true, denominator = those with the field; {@code _covered}, {@code _units}
     * for the coverage. A unit with a blank field leaves numerator and denominator alike.
     */
    private static Dataset<Row> coveredRatio(Dataset<Row> rows, String entity, Column known, Column event) {
        return rows.groupBy(col(entity).as("entity_id"))
                .agg(count(when(known.and(event), 1)).as("numerator"), count(when(known, 1)).as("denominator"),
                        count(when(known, 1)).as("_covered"), count(lit(1)).as("_units"));
    }

    /**
     * Complaints per entity over the GMV of the entity's broadcasts in CNY million (exact decimal
     * sum, then double). A blank GMV is an unknown exposure, not 0: the broadcast leaves the
     * denominator and the complaints naming it ({@code broadcast_id} in {@code blankGmv}) leave the
     * numerator; complaints that name no broadcast stay. Coverage: broadcasts with a GMV / broadcasts.
     */
    private static Dataset<Row> perMillionGmv(Dataset<Row> complaints, Dataset<Row> broadcasts, String entity,
                                              Dataset<Row> blankGmv) {
        Dataset<Row> n = complaints.join(blankGmv, col("broadcast_id").equalTo(col("_blank_gmv")), "left_anti")
                .groupBy(col(entity).as("entity_id")).agg(count(lit(1)).as("_n"));
        return broadcasts.groupBy(col(entity).as("entity_id"))
                .agg(sum(col("gmv_cny")).cast("decimal(28,2)").as("_gmv"), count(col("gmv_cny")).as("_covered"),
                        count(lit(1)).as("_units"))
                .join(n, new String[]{"entity_id"}, "left")
                .select(col("entity_id"), coalesce(col("_n"), lit(0L)).as("numerator"),
                        coalesce(col("_gmv").cast("double"), lit(0.0)).divide(1_000_000.0).as("denominator"),
                        col("_covered"), col("_units"));
    }

    private static final UserDefinedFunction MEDIAN_CI = org.apache.spark.sql.functions.udf(
            (UDF1<scala.collection.Seq<Double>, double[]>) xs -> {
                List<Double> list = scala.jdk.javaapi.CollectionConverters.asJava(xs);
                double[] sorted = new double[list.size()];
                for (int k = 0; k < sorted.length; k++) sorted[k] = list.get(k);
                Intervals.Interval ci = Intervals.medianInterval(sorted, CONFIDENCE);
                return new double[]{ci.estimate(), ci.lower(), ci.upper()};
            }, DataTypes.createArrayType(DataTypes.DoubleType, false)).asNonNullable();

    /** Median of {@code x} per entity with its order-statistic interval; numerator null, denominator n. */
    private static Dataset<Row> median(Dataset<Row> rows, String entity, Column x) {
        return rows.where(x.isNotNull()).groupBy(col(entity).as("entity_id"))
                .agg(array_sort(collect_list(x.cast("double"))).as("_xs"))
                .withColumn("_ci", MEDIAN_CI.apply(col("_xs")))
                .select(col("entity_id"), lit(null).cast("double").as("numerator"), size(col("_xs")).as("denominator"),
                        element_at(col("_ci"), 1).as("value"), element_at(col("_ci"), 2).as("lower"),
                        element_at(col("_ci"), 3).as("upper"));
    }

    /** Mean of {@code x} per entity: numerator the sum, denominator n, interval mean ± z·sd/√n (null for n = 1). */
    private static Dataset<Row> mean(Dataset<Row> rows, String entity, Column x) {
        Column half = stddev_samp(x.cast("double")).multiply(Z95).divide(sqrt(count(x)));
        return rows.where(x.isNotNull()).groupBy(col(entity).as("entity_id"))
                .agg(sum(x.cast("double")).as("numerator"), count(x).as("denominator"),
                        avg(x.cast("double")).as("value"), avg(x.cast("double")).minus(half).as("lower"),
                        avg(x.cast("double")).plus(half).as("upper"));
    }

    private Dataset<Row> finish(Indicator ind, Dataset<Row> d) {
        boolean located = ind.kind() == Kind.MEDIAN || ind.kind() == Kind.MEAN;
        Column num = col("numerator").cast("double");
        Column den = col("denominator").cast("double");
        Column value = located ? col("value") : num.divide(den).multiply(ind.scale());
        return d.where(den.gt(0)).select(
                lit(quarter.toString()).as("quarter"), lit(ind.role().key()).as("role"),
                col("entity_id").cast("string").as("entity_id"), lit(ind.id()).as("indicator_id"),
                num.as("numerator"), den.as("denominator"), value.cast("double").as("value"),
                (located ? col("lower") : lit(null)).cast("double").as("lower"),
                (located ? col("upper") : lit(null)).cast("double").as("upper"));
    }
}

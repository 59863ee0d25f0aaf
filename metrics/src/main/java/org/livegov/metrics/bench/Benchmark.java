package org.livegov.metrics.bench;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.livegov.metrics.bench.FunnelLimits.Funnel;
import org.livegov.metrics.bench.FunnelLimits.Limits;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.bench.Intervals.Interval;
import org.livegov.metrics.bench.RankUncertainty.Column;

/**
 * The governance benchmarks of issue 3: from the long table of indicator inputs
 * ({@link IndicatorValues#SCHEMA}) and the indicator catalogue to intervals, funnel limits,
 * empirical-Bayes shrinkage, goalpost scores, composites, ranks with their Monte Carlo
 * uncertainty, and the sensitivity of ranks to alternative weightings. No I/O.
 *
 * <p>Per (quarter, role) group the rows are collected to the driver (at most about 25,000 MCNs or
 * 400,000 anchors per quarter) and computed with the pure classes of this package:
 * <ul>
 *   <li>PROPORTION: value = numerator/denominator × scale with the Wilson 95 % interval
 *       ({@link Intervals#wilson}), binomial funnel ({@link FunnelLimits}), beta-binomial shrinkage
 *       ({@link EmpiricalBayes}); RATE: the same with the exact Poisson (Garwood) interval, Poisson
 *       funnel and gamma-Poisson shrinkage. The value is recomputed from numerator and denominator;
 *       a denominator of 0 gives no value. Funnel and shrinkage are fitted on all entities of the
 *       group with a denominator &gt; 0, suppressed ones included; a suppressed cell gets its funnel
 *       limits but no funnel flag (issue 17: too few units to be assessed).</li>
 *   <li>MEDIAN, MEAN: value, lower and upper as given by the indicator computation; no funnel, no
 *       shrinkage (those columns are null).</li>
 *   <li>score: {@link CompositeScore#score} between the catalogue's goalposts; suppressed =
 *       denominator &lt; minExposure. Suppressed values are still computed (the publisher hides
 *       them) but do not enter the composite; the composite re-normalises the weights over the
 *       available indicators and is null below the minimum share of the role's weight (benchmark.min_weight_share, default ½) ({@link CompositeScore#combine}).</li>
 *   <li>ranks: 1 = best on the point composite (ties share the smaller rank), with the median and
 *       the 5th–95th percentile rank over {@code draws} Monte Carlo draws ({@link RankUncertainty}),
 *       seeded per group by {@link RankUncertainty#seedFor}(seed, quarter, role) and with entities
 *       sorted by id, so that results do not depend on row order or partitioning. For the MERCHANT
 *       and ANCHOR roles the Monte Carlo is skipped when more entities are ranked than
 *       {@code maxMonteCarloEntities}: rank_median, rank_lower, rank_upper are then null and draws 0.</li>
 *   <li>sensitivity: per alternative weighting, every entity's rank under it and its shift from
 *       the base rank (alternative − base; null when either is unranked). A weighting that gives
 *       none of a role's indicators a weight does not apply to that role and yields no rows.</li>
 * </ul>
 */
public final class Benchmark {
    private Benchmark() {
    }

    /** Confidence level of the published intervals. */
    public static final double CONFIDENCE = 0.95;
    /** Fewest Monte Carlo draws accepted (issue 3). */
    public static final int MIN_DRAWS = 1000;
    /** Default limit of ranked entities for the MERCHANT/ANCHOR Monte Carlo (configuration; above all MCNs). */
    public static final int DEFAULT_MAX_MONTE_CARLO_ENTITIES = 30_000;

    /**
     * Output {@code indicators}: one row per (quarter, role, entity_id, indicator_id). value, lower,
     * upper, shrunk_value, peer_value and the funnel limits are in the indicator's published unit
     * (× scale); tau2 in that unit squared; overdispersion_phi has no unit; score 0–100; funnel_flag
     * is within, above_95, above_998, below_95 or below_998 ({@link FunnelLimits.Funnel#flag}), null for
     * MEDIAN/MEAN, a 0 denominator, a suppressed cell (denominator below the indicator's minimum
     * exposure: the funnel limits at its exposure are given, but it is not assessed against them;
     * {@code suppressed} true is the reason) and a share of a single unit (denominator 1).
     * Its first columns are those of {@link IndicatorValues#SCHEMA} (quarter … upper), in that order.
     */
    public static final StructType INDICATORS_SCHEMA = IndicatorValues.SCHEMA
            .add("shrunk_value", DataTypes.DoubleType, true)
            .add("peer_value", DataTypes.DoubleType, true)
            .add("overdispersion_phi", DataTypes.DoubleType, true)
            .add("tau2", DataTypes.DoubleType, true)
            .add("funnel_lower_95", DataTypes.DoubleType, true)
            .add("funnel_upper_95", DataTypes.DoubleType, true)
            .add("funnel_lower_998", DataTypes.DoubleType, true)
            .add("funnel_upper_998", DataTypes.DoubleType, true)
            .add("funnel_flag", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, true)
            .add("suppressed", DataTypes.BooleanType, false)
            .add("unit", DataTypes.StringType, true);

    /**
     * Output {@code scores}: one row per (quarter, role, entity_id); composite 0–100, rank 1 = best
     * (competition rank of the point composite, an integer for programs), rank_lower..rank_upper its
     * 90 % interval, which always contains rank; rank_label the rank for people ("12", "12=" for a
     * tie, "" when not ranked); rank_reason why an entity is not ranked (null when ranked).
     */
    public static final StructType SCORES_SCHEMA = new StructType()
            .add("quarter", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("entity_id", DataTypes.StringType, false)
            .add("composite", DataTypes.DoubleType, true)
            .add("weight_available", DataTypes.DoubleType, false)
            .add("rank", DataTypes.IntegerType, true)
            .add("rank_median", DataTypes.DoubleType, true)
            .add("rank_lower", DataTypes.IntegerType, true)
            .add("rank_upper", DataTypes.IntegerType, true)
            .add("draws", DataTypes.IntegerType, false)
            .add("rank_label", DataTypes.StringType, false)
            .add("rank_reason", DataTypes.StringType, true);

    /** Output {@code sensitivity}: one row per (quarter, role, weighting, entity_id). */
    public static final StructType SENSITIVITY_SCHEMA = new StructType()
            .add("quarter", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("weighting", DataTypes.StringType, false)
            .add("entity_id", DataTypes.StringType, false)
            .add("rank", DataTypes.IntegerType, true)
            .add("rank_shift", DataTypes.IntegerType, true);

    /**
     * Same as {@link #compute(Dataset, List, List, long, int, int)} with
     * {@link #DEFAULT_MAX_MONTE_CARLO_ENTITIES}.
     */
    public static BenchmarkResult compute(Dataset<Row> indicatorValues, List<Indicator> catalogue, List<Weighting> alternatives,
                                          long seed, int draws) {
        return compute(indicatorValues, catalogue, alternatives, seed, draws, DEFAULT_MAX_MONTE_CARLO_ENTITIES);
    }

    /**
     * Computes the benchmarks.
     *
     * @param indicatorValues       rows with the columns of {@link IndicatorValues#SCHEMA}
     * @param catalogue             the indicator catalogue (unique ids)
     * @param alternatives          alternative weightings for the sensitivity table (may be empty)
     * @param seed                  seed of the Monte Carlo (derived per quarter and role)
     * @param draws                 Monte Carlo draws, ≥ {@link #MIN_DRAWS}
     * @param maxMonteCarloEntities above this many ranked entities the MERCHANT/ANCHOR Monte Carlo is skipped
     * @return indicators, scores and sensitivity with the schemas of this class
     * @throws IllegalArgumentException on a missing input column, an indicator_id not in the catalogue
     *                                  (named), a role that differs from the catalogue's, a duplicate row,
     *                                  a null or out-of-range numerator/denominator, duplicate catalogue ids,
     *                                  a role whose weights sum to 0, a weighting naming an unknown indicator
     *                                  or draws &lt; {@link #MIN_DRAWS}
     */
    public static BenchmarkResult compute(Dataset<Row> indicatorValues, List<Indicator> catalogue, List<Weighting> alternatives,
                                          long seed, int draws, int maxMonteCarloEntities) {
        return compute(indicatorValues, catalogue, alternatives, seed, draws, maxMonteCarloEntities, CompositeScore.DEFAULT_MIN_WEIGHT_SHARE);
    }

    /**
     * {@link #compute(Dataset, List, List, long, int, int)} with the least share of a role's weight an
     * entity needs for a composite and a rank ({@code benchmark.min_weight_share}, configuration).
     *
     * @param minWeightShare in (0, 1]; an entity below it is listed with {@code rank_reason}, unranked
     * @throws IllegalArgumentException as {@link #compute(Dataset, List, List, long, int, int)}, or on a
     *                                  minimum share outside (0, 1]
     */
    public static BenchmarkResult compute(Dataset<Row> indicatorValues, List<Indicator> catalogue, List<Weighting> alternatives,
                                          long seed, int draws, int maxMonteCarloEntities, double minWeightShare) {
        Rows rows = computeRows(indicatorValues, catalogue, alternatives, seed, draws, maxMonteCarloEntities, minWeightShare);
        SparkSession spark = indicatorValues.sparkSession();
        return new BenchmarkResult(frame(spark, rows.indicators(), INDICATORS_SCHEMA), frame(spark, rows.scores(), SCORES_SCHEMA),
                frame(spark, rows.sensitivity(), SENSITIVITY_SCHEMA));
    }

    /**
     * The three output tables as rows on the driver, unsorted, each row carrying its schema:
     * {@link #INDICATORS_SCHEMA}, {@link #SCORES_SCHEMA} and {@link #SENSITIVITY_SCHEMA}.
     */
    public record Rows(List<Row> indicators, List<Row> scores, List<Row> sensitivity) {
    }

    /**
     * {@link #compute(Dataset, List, List, long, int, int, double)} without building Datasets. The
     * statistics run on the driver anyway (one (quarter, role) group at a time); a caller that renders
     * files from the rows (publish: about 3 million merchant and anchor cells in a national quarter)
     * takes them from here instead of collecting them back from the Datasets, which would hold them twice.
     *
     * @param indicatorValues       rows with the columns of {@link IndicatorValues#SCHEMA}
     * @param catalogue             the indicator catalogue (unique ids)
     * @param alternatives          alternative weightings for the sensitivity table (may be empty)
     * @param seed                  seed of the Monte Carlo (derived per quarter and role)
     * @param draws                 Monte Carlo draws, ≥ {@link #MIN_DRAWS}
     * @param maxMonteCarloEntities above this many ranked entities the MERCHANT/ANCHOR Monte Carlo is skipped
     * @param minWeightShare        least share of a role's weight for a composite and a rank, in (0, 1]
     * @return the rows of the three tables
     * @throws IllegalArgumentException as {@link #compute(Dataset, List, List, long, int, int, double)}
     */
    public static Rows computeRows(Dataset<Row> indicatorValues, List<Indicator> catalogue, List<Weighting> alternatives,
                                   long seed, int draws, int maxMonteCarloEntities, double minWeightShare) {
        Objects.requireNonNull(indicatorValues, "indicatorValues");
        CompositeScore.checkMinWeightShare(minWeightShare);
        if (draws < MIN_DRAWS) throw new IllegalArgumentException("draws " + draws + " must be >= " + MIN_DRAWS);
        Map<String, Indicator> byId = new LinkedHashMap<>();
        for (Indicator i : catalogue) {
            if (byId.put(i.id(), i) != null) throw new IllegalArgumentException("indicator " + i.id() + " appears twice in the catalogue");
        }
        for (Weighting w : alternatives) {
            for (String id : w.weights().keySet()) {
                if (!byId.containsKey(id)) throw new IllegalArgumentException("weighting " + w.name() + " names indicator " + id + ", which is not in the catalogue");
            }
        }
        List<String> columns = Arrays.asList(indicatorValues.columns());
        for (String c : IndicatorValues.SCHEMA.fieldNames()) {
            if (!columns.contains(c)) throw new IllegalArgumentException("indicator values lack the column " + c);
        }
        Dataset<Row> input = indicatorValues.select(Arrays.stream(IndicatorValues.SCHEMA.fieldNames()).map(c -> col(c).cast(IndicatorValues.SCHEMA.apply(c).dataType())).toArray(org.apache.spark.sql.Column[]::new));

        List<String> unknown = new ArrayList<>();
        TreeSet<List<String>> groups = new TreeSet<>((a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (Row r : input.select("quarter", "role", "indicator_id").distinct().collectAsList()) {
            if (r.isNullAt(2) || !byId.containsKey(r.getString(2))) {
                if (!unknown.contains(String.valueOf(r.get(2)))) unknown.add(String.valueOf(r.get(2)));
                continue;
            }
            if (r.isNullAt(0) || r.isNullAt(1)) throw new IllegalArgumentException("indicator values with a null quarter or role");
            groups.add(List.of(r.getString(0), r.getString(1)));
        }
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new IllegalArgumentException("indicator_id not in the catalogue: " + String.join(", ", unknown));
        }

        List<Row> indicatorRows = new ArrayList<>();
        List<Row> scoreRows = new ArrayList<>();
        List<Row> sensitivityRows = new ArrayList<>();
        boolean several = groups.size() > 1;
        if (several) input = input.persist(StorageLevel.MEMORY_AND_DISK());   // one scan of the source, one collect per group
        try {
            for (List<String> g : groups) {
                String quarter = g.get(0), roleKey = g.get(1);
                Role role = Arrays.stream(Role.values()).filter(x -> x.key().equals(roleKey)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown role " + roleKey + " in quarter " + quarter));
                List<Row> rows = input.filter(col("quarter").equalTo(quarter).and(col("role").equalTo(roleKey))).collectAsList();
                new Group(quarter, role, rows, byId, alternatives, RankUncertainty.seedFor(seed, quarter, roleKey), draws, maxMonteCarloEntities, minWeightShare)
                        .compute(indicatorRows, scoreRows, sensitivityRows);
            }
        } finally {
            if (several) input.unpersist();
        }
        return new Rows(indicatorRows, scoreRows, sensitivityRows);
    }

    /**
     * Per alternative weighting, how much the league moves (JRC/OECD Handbook 2008, step 7).
     *
     * @param sensitivity the {@link BenchmarkResult#sensitivity()} table ({@link #SENSITIVITY_SCHEMA})
     * @return quarter, role, weighting (strings); moved (long: entities ranked under both weightings
     *         whose rank differs); largest_shift (int: largest absolute rank shift, 0 when none moved)
     */
    public static Dataset<Row> sensitivitySummary(Dataset<Row> sensitivity) {
        return sensitivity.groupBy("quarter", "role", "weighting")
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.when(col("rank_shift").notEqual(0), 1)).as("moved"),
                        org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.abs(col("rank_shift"))),
                                org.apache.spark.sql.functions.lit(0)).cast(DataTypes.IntegerType).as("largest_shift"));
    }

    private static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
        int slices = Math.max(1, Math.min(200, rows.size() / 100_000 + 1));
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices), schema);
    }

    /** A row that knows its schema, so that {@code getAs(name)} works on the driver-side {@link Rows}. */
    private static Row row(StructType schema, Object... values) {
        return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, schema);
    }

    private static Double boxed(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** One (quarter, role): the rows of the input, entities sorted by id. */
    private static final class Group {
        final String quarter;
        final Role role;
        final List<Indicator> indicators;
        final String[] entities;
        final Map<String, Row[]> cells = new LinkedHashMap<>();   // indicator id → row per entity (null = absent)
        final List<Weighting> alternatives;
        final long seed;
        final int draws;
        final int maxMonteCarloEntities;
        final double minWeightShare;

        Group(String quarter, Role role, List<Row> rows, Map<String, Indicator> catalogue, List<Weighting> alternatives,
              long seed, int draws, int maxMonteCarloEntities, double minWeightShare) {
            this.minWeightShare = minWeightShare;
            this.quarter = quarter;
            this.role = role;
            this.alternatives = alternatives;
            this.seed = seed;
            this.draws = draws;
            this.maxMonteCarloEntities = maxMonteCarloEntities;
            this.indicators = catalogue.values().stream().filter(i -> i.role() == role).toList();
            TreeMap<String, Integer> index = new TreeMap<>();
            for (Row r : rows) {
                String entity = r.getString(2);
                if (entity == null) throw new IllegalArgumentException(quarter + " " + role.key() + ": a row without entity_id");
                String id = r.getString(3);
                Indicator ind = catalogue.get(id);
                if (ind.role() != role)
                    throw new IllegalArgumentException("indicator " + id + " is for role " + ind.role().key() + " but appears with role " + role.key());
                index.put(entity, 0);
            }
            this.entities = index.keySet().toArray(String[]::new);
            int k = 0;
            for (Map.Entry<String, Integer> e : index.entrySet()) e.setValue(k++);
            for (Indicator ind : indicators) cells.put(ind.id(), new Row[entities.length]);
            for (Row r : rows) {
                Indicator ind = catalogue.get(r.getString(3));
                Row[] byEntity = cells.get(ind.id());
                int i = index.get(r.getString(2));
                if (byEntity[i] != null)
                    throw new IllegalArgumentException(quarter + " " + role.key() + ": two rows for entity " + r.getString(2) + " and indicator " + ind.id());
                check(ind, r);
                byEntity[i] = r;
            }
        }

        private void check(Indicator ind, Row r) {
            String where = quarter + " " + role.key() + " entity " + r.getString(2) + " indicator " + ind.id();
            if (r.isNullAt(5) || !(r.getDouble(5) >= 0) || Double.isInfinite(r.getDouble(5)))
                throw new IllegalArgumentException(where + ": denominator " + r.get(5) + " must be a finite number >= 0");
            if (ind.kind() == Kind.PROPORTION || ind.kind() == Kind.RATE) {
                if (r.isNullAt(4)) throw new IllegalArgumentException(where + ": numerator is null");
                double k = r.getDouble(4);
                if (!(k >= 0) || Double.isInfinite(k)) throw new IllegalArgumentException(where + ": numerator " + k + " must be a finite number >= 0");
                if (ind.kind() == Kind.PROPORTION && k > r.getDouble(5))
                    throw new IllegalArgumentException(where + ": numerator " + k + " exceeds denominator " + r.getDouble(5));
            }
        }

        void compute(List<Row> indicatorRows, List<Row> scoreRows, List<Row> sensitivityRows) {
            int n = entities.length;
            if (indicators.isEmpty()) return;
            List<Column> base = new ArrayList<>();
            for (Indicator ind : indicators) {
                base.add(indicator(ind, indicatorRows));
            }
            double totalWeight = indicators.stream().mapToDouble(Indicator::weight).sum();
            if (!(totalWeight > 0)) throw new IllegalArgumentException("the weights of role " + role.key() + " sum to 0");

            int ranked = 0;
            double[] composite = RankUncertainty.composites(base, values(base), n, minWeightShare);
            for (double c : composite) if (!Double.isNaN(c)) ranked++;
            boolean skip = (role == Role.MERCHANT || role == Role.ANCHOR) && ranked > maxMonteCarloEntities;
            RankUncertainty.Result r = RankUncertainty.simulate(entities, base, seed, skip ? 0 : draws, minWeightShare);
            double[] weights = base.stream().mapToDouble(Column::weight).toArray();
            for (int i = 0; i < n; i++) {
                double[] scores = new double[base.size()];
                for (int j = 0; j < scores.length; j++) {
                    Column c = base.get(j);
                    scores[j] = c.available()[i] ? CompositeScore.score(c.value()[i], c.indicator().worst(), c.indicator().best()) : Double.NaN;
                }
                CompositeScore.Composite cs = CompositeScore.combine(scores, weights, minWeightShare);
                boolean simulated = r.draws() > 0 && r.rank()[i] > 0;
                scoreRows.add(row(SCORES_SCHEMA, quarter, role.key(), entities[i], boxed(cs.value()), cs.weightAvailable(),
                        r.rank()[i] > 0 ? r.rank()[i] : null, simulated ? r.rankMedian()[i] : null,
                        simulated ? r.rankLower()[i] : null, simulated ? r.rankUpper()[i] : null, r.draws(),
                        RankUncertainty.label(r.rank()[i], r.tied()[i]), r.rank()[i] > 0 ? null : notRanked(cs.weightAvailable(), minWeightShare)));
            }
            for (Weighting w : alternatives) {
                List<Column> alt = new ArrayList<>();
                double sum = 0;
                for (Column c : base) {
                    double wt = w.weightOf(c.indicator().id());
                    sum += wt;
                    alt.add(new Column(c.indicator(), wt, c.available(), c.numerator(), c.denominator(), c.value(), c.lower(), c.upper()));
                }
                if (!(sum > 0)) continue;
                int[] altRank = RankUncertainty.ranks(RankUncertainty.composites(alt, values(alt), n, minWeightShare));
                RankUncertainty.Shift s = RankUncertainty.compare(r.rank(), altRank);
                for (int i = 0; i < n; i++) {
                    sensitivityRows.add(row(SENSITIVITY_SCHEMA, quarter, role.key(), w.name(), entities[i], altRank[i] > 0 ? altRank[i] : null,
                            s.shift()[i] == Integer.MIN_VALUE ? null : s.shift()[i]));
                }
            }
        }

        /**
         * Why an entity has no rank: it lacks a composite because less than {@code minWeightShare} of
         * its role's weight is available (an indicator is not available when missing, not available by
         * coverage, or suppressed below its min_exposure), so it is listed but left out of every rank and draw.
         */
        static String notRanked(double weightAvailable, double minWeightShare) {
            return String.format(java.util.Locale.ROOT, "not ranked: %.0f %% of the weight available, a rank needs %.0f %% (indicators below their minimum exposure or not available do not count)",
                    100 * weightAvailable, 100 * minWeightShare);
        }

        private static double[][] values(List<Column> columns) {
            double[][] v = new double[columns.size()][];
            for (int j = 0; j < v.length; j++) v[j] = columns.get(j).value();
            return v;
        }

        /** Output rows of one indicator, and its column for the composite. */
        private Column indicator(Indicator ind, List<Row> out) {
            int n = entities.length;
            Row[] rows = cells.get(ind.id());
            boolean[] available = new boolean[n];
            double[] num = new double[n], den = new double[n], value = new double[n], lower = new double[n], upper = new double[n];
            Arrays.fill(value, Double.NaN);
            Arrays.fill(lower, Double.NaN);
            Arrays.fill(upper, Double.NaN);
            boolean counts = ind.kind() == Kind.PROPORTION || ind.kind() == Kind.RATE;
            double[] shrunk = new double[n];
            Arrays.fill(shrunk, Double.NaN);
            Funnel funnel = null;
            if (counts) {
                int fitted = 0;
                for (Row r : rows) if (r != null && r.getDouble(5) > 0) fitted++;
                double[] k = new double[fitted], e = new double[fitted];
                int[] at = new int[fitted];
                int f = 0;
                for (int i = 0; i < n; i++) {
                    if (rows[i] != null && rows[i].getDouble(5) > 0) {
                        k[f] = rows[i].getDouble(4);
                        e[f] = rows[i].getDouble(5);
                        at[f++] = i;
                    }
                }
                if (fitted > 0) {
                    funnel = FunnelLimits.fit(ind.kind(), k, e);
                    double[] s = EmpiricalBayes.fit(ind.kind(), k, e).shrunk();
                    for (int x = 0; x < fitted; x++) shrunk[at[x]] = s[x] * ind.scale();
                }
            }
            Map<Double, Limits> limitsCache = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Row r = rows[i];
                if (r == null) continue;
                den[i] = r.getDouble(5);
                num[i] = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
                Limits limits = null;
                String flag = null;
                if (counts) {
                    if (den[i] > 0) {
                        Interval iv = (ind.kind() == Kind.PROPORTION ? Intervals.wilson(num[i], den[i], CONFIDENCE)
                                : Intervals.exactPoisson(num[i], den[i], CONFIDENCE)).times(ind.scale());
                        value[i] = iv.estimate();
                        lower[i] = iv.lower();
                        upper[i] = iv.upper();
                        final Funnel fn = funnel;
                        limits = limitsCache.computeIfAbsent(den[i], fn::limits).times(ind.scale());
                        // below the minimum exposure the cell is not assessed: no flag (its limits are kept); nor
                        // is a share of one unit (an anchor's own A01/A02): a single yes or no says nothing about
                        // being outside the peers' funnel, even where the exact test could reject it at a peer
                        // value within 0.001 of 0 or 1 (issue 17 item 2)
                        flag = den[i] < ind.minExposure() || (ind.kind() == Kind.PROPORTION && den[i] < 2) ? null
                                : funnel.flag(num[i], den[i]).key();
                    }
                } else {
                    value[i] = r.isNullAt(6) ? Double.NaN : r.getDouble(6);
                    lower[i] = r.isNullAt(7) ? Double.NaN : r.getDouble(7);
                    upper[i] = r.isNullAt(8) ? Double.NaN : r.getDouble(8);
                }
                boolean suppressed = den[i] < ind.minExposure();
                available[i] = !suppressed && !Double.isNaN(value[i]);
                double score = CompositeScore.score(value[i], ind.worst(), ind.best());
                boolean withFunnel = funnel != null && limits != null;
                out.add(row(INDICATORS_SCHEMA, quarter, role.key(), entities[i], ind.id(), boxed(num[i]), den[i], boxed(value[i]),
                        boxed(lower[i]), boxed(upper[i]), boxed(shrunk[i]),
                        withFunnel ? funnel.peerValue() * ind.scale() : null, withFunnel ? funnel.phi() : null, withFunnel ? funnel.tau2() * ind.scale() * ind.scale() : null,
                        withFunnel ? limits.lower95() : null, withFunnel ? limits.upper95() : null,
                        withFunnel ? limits.lower998() : null, withFunnel ? limits.upper998() : null, flag,
                        boxed(score), suppressed, ind.unit()));
            }
            return new Column(ind, ind.weight(), available, num, den, value, lower, upper);
        }
    }
}

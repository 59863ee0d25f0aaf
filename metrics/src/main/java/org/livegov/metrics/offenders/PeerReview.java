package org.livegov.metrics.offenders;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.livegov.metrics.bench.FunnelLimits;
import org.livegov.metrics.bench.Indicator;
import org.livegov.metrics.time.BeijingTime;

/**
 * Peer-relative review flag in the spirit of FINRA Rule 4111 (thresholds relative to similarly
 * placed peers; domain.md §5): an anchor (person) whose confirmed violations per broadcast, over
 * the rule's window, lie above the 99.8 % funnel limit of all anchors with broadcasts in that
 * window ({@link FunnelLimits}, Poisson, overdispersion-adjusted), with at least
 * {@code minCount} violations, is flagged for review. Violations are counted as acts
 * ({@link OffenderPolicy.Acts}), like the listing rules. A flag is not a listing: it enters no
 * lifecycle and is rewritten each run. Thresholds: configuration ({@code conf/offenders.yaml},
 * {@code peer_review}).
 */
public final class PeerReview {
    private PeerReview() {
    }

    /**
     * @param id           rule id, e.g. {@code R-PEER-FUNNEL998}
     * @param version      rule version
     * @param minSeverity  violations of this severity or worse count
     * @param minCount     at least this many counted violations to be flagged
     * @param windowMonths look-back in months (Beijing days {@code (asOf - window, asOf]})
     * @param source       where the rule comes from
     */
    public record Rule(String id, int version, String minSeverity, int minCount, int windowMonths, String source) {
        public String ref() {
            return id + "@" + version;
        }
    }

    /** One anchor's numbers: counted violations and broadcasts (exposure) in the window. */
    public record Subject(String subjectKey, long violations, long broadcasts) {
    }

    /**
     * One flagged anchor.
     *
     * @param ratePer1000      its violations per 1,000 broadcasts
     * @param peerRatePer1000  pooled rate of all peers
     * @param upper998Per1000  99.8 % upper limit at its exposure
     */
    public record Flagged(String subjectKey, long violations, long broadcasts, double ratePer1000,
                          double peerRatePer1000, double upper998Per1000, double phi) {
    }

    /**
     * Pure part: fits the funnel to every subject and keeps those above the 99.8 % limit.
     *
     * @param subjects peers, each with broadcasts &gt; 0
     * @return flagged subjects, in input order; empty when there are no peers or no violations
     * @throws IllegalArgumentException when a subject has no broadcasts or a negative count
     */
    public static List<Flagged> flag(List<Subject> subjects, int minCount) {
        List<Flagged> out = new ArrayList<>();
        long total = subjects.stream().mapToLong(Subject::violations).sum();
        if (subjects.isEmpty() || total == 0) {
            return out;
        }
        double[] n = subjects.stream().mapToDouble(Subject::violations).toArray();
        double[] e = subjects.stream().mapToDouble(Subject::broadcasts).toArray();
        FunnelLimits.Funnel f = FunnelLimits.fit(Indicator.Kind.RATE, n, e);
        for (Subject s : subjects) {
            if (s.violations() >= minCount && f.flag(s.violations(), s.broadcasts()) == FunnelLimits.Flag.ABOVE_998) {
                out.add(new Flagged(s.subjectKey(), s.violations(), s.broadcasts(), 1000.0 * s.violations() / s.broadcasts(),
                        1000 * f.peerValue(), 1000 * f.limits(s.broadcasts()).upper998(), f.phi()));
            }
        }
        return out;
    }

    /**
     * Spark part: the peers and their numbers.
     *
     * @param keyed      violations with {@code subject_key, subject_role, status, severity, detected_at,
     *                   category, platform_id, broadcast_id}
     * @param broadcasts silver broadcasts ({@code anchor_id, started_at})
     * @param anchors    silver anchors ({@code anchor_id, person_key})
     * @param acts       what one act is ({@link OffenderPolicy.Acts}); the count is of acts, as in the
     *                   listing rules: an act's day is the earliest detection day of its confirmed
     *                   anchor records up to {@code asOf}, its severity the worst of theirs
     * @return {@code subject_key string, violations bigint (acts), broadcasts bigint}: every anchor
     *     subject with at least one broadcast in the window. Acts count from the first day of the
     *     window that has broadcast data, so that counts and exposure cover the same days: a
     *     violation history longer than the broadcast feed would otherwise give rates above one
     *     violation per broadcast (funnel plots compare counts and exposure of the same period;
     *     Spiegelhalter 2005)
     */
    public static Dataset<Row> peers(Dataset<Row> keyed, Dataset<Row> broadcasts, Dataset<Row> anchors, Rule rule,
                                     OffenderPolicy.Acts acts, LocalDate asOf) {
        Column from = lit(Date.valueOf(asOf.minusMonths(rule.windowMonths())));
        Column to = lit(Date.valueOf(asOf));
        Column bday = BeijingTime.day(col("started_at"));
        Dataset<Row> exposure = broadcasts.where(bday.gt(from).and(bday.leq(to)))
                .join(anchors.select(col("anchor_id"), SubjectKey.anchor(col("person_key"), col("anchor_id")).as("subject_key")), "anchor_id")
                .groupBy("subject_key").agg(count(lit(1)).as("broadcasts"), min(bday).as("_first"));
        // from the same aggregate (one scan of the broadcasts): the first day with broadcast data
        Dataset<Row> firstDay = exposure.agg(min(col("_first")).as("_first_broadcast_day"));
        Column vday = BeijingTime.day(col("detected_at"));
        Dataset<Row> counted = keyed.where(col("subject_role").equalTo("anchor").and(col("status").equalTo("confirmed"))
                        .and(vday.leq(to)))
                .groupBy(col("subject_key"), OffenderSets.actKey(acts).as("_act"))
                .agg(min(vday).as("_day"), max("severity").as("_severity"))
                .where(col("_severity").geq(rule.minSeverity()).and(col("_day").gt(from)))
                .crossJoin(broadcast(firstDay))
                .where(col("_day").geq(col("_first_broadcast_day")))
                .groupBy("subject_key").agg(count(lit(1)).as("violations"));
        return exposure.join(counted, scala(), "left")
                .select(col("subject_key"), coalesce(col("violations"), lit(0L)).as("violations"), col("broadcasts"));
    }

    private static scala.collection.immutable.Seq<String> scala() {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of("subject_key")).toList();
    }
}

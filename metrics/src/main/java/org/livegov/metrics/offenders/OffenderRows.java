package org.livegov.metrics.offenders;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Table shapes of the offender products and conversions between {@link Listing} /
 * {@link ListingEvent} and Spark rows.
 *
 * <pre>
 * gold/offender_listings: listing_id, subject_key, subject_role (the primary role),
 *   subject_roles array&lt;string&gt; (every role of the acts, sorted; {@link SubjectRoles}), seq int, state, triggered_on,
 *   scope_from, preliminary_from, listed_from, eligible_from, ends_on, ended_on (dates, Beijing),
 *   rule_refs array&lt;string&gt;, is_public boolean, evidence array&lt;struct&lt;violation_id,
 *   platform_id, category, severity, detected_on date&gt;&gt;, evidence_ids, platforms, categories
 *   array&lt;string&gt;, platform_count int, decision_ref, reason, run_id, batch_id,
 *   acts array&lt;struct&lt;act_id, category, severity (worst of its records), day date (earliest),
 *   violation_ids array&lt;string&gt;&gt;&gt; (the acts the rules counted, each with every record
 *   merged into it; empty for a listing last written before acts were counted)
 * gold/offender_events: event_id, run_id, batch_id, as_of date, listing_id, subject_key,
 *   subject_role, from_state, to_state, change, rule_refs array&lt;string&gt;, reason,
 *   evidence_ids array&lt;string&gt;
 * </pre>
 */
public final class OffenderRows {
    private OffenderRows() {
    }

    public static final StructType EVIDENCE = new StructType().add("violation_id", DataTypes.StringType, false)
            .add("platform_id", DataTypes.StringType).add("category", DataTypes.StringType)
            .add("severity", DataTypes.StringType).add("detected_on", DataTypes.DateType);
    private static final org.apache.spark.sql.types.DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType);
    /** All fields nullable, so that ALTER TABLE can add the column to a table written before it (Delta refuses NOT NULL there). */
    public static final StructType ACT = new StructType().add("act_id", DataTypes.StringType)
            .add("category", DataTypes.StringType).add("severity", DataTypes.StringType).add("day", DataTypes.DateType)
            .add("violation_ids", STRINGS);

    public static final StructType LISTINGS = new StructType().add("listing_id", DataTypes.StringType, false)
            .add("subject_key", DataTypes.StringType, false).add("subject_role", DataTypes.StringType)
            .add("subject_roles", STRINGS).add("seq", DataTypes.IntegerType).add("state", DataTypes.StringType, false)
            .add("triggered_on", DataTypes.DateType).add("scope_from", DataTypes.DateType)
            .add("preliminary_from", DataTypes.DateType).add("listed_from", DataTypes.DateType)
            .add("eligible_from", DataTypes.DateType).add("ends_on", DataTypes.DateType).add("ended_on", DataTypes.DateType)
            .add("rule_refs", STRINGS).add("is_public", DataTypes.BooleanType)
            .add("evidence", DataTypes.createArrayType(EVIDENCE)).add("evidence_ids", STRINGS).add("platforms", STRINGS)
            .add("categories", STRINGS).add("platform_count", DataTypes.IntegerType)
            .add("decision_ref", DataTypes.StringType).add("reason", DataTypes.StringType)
            .add("run_id", DataTypes.StringType).add("batch_id", DataTypes.StringType)
            .add("acts", DataTypes.createArrayType(ACT));

    public static final StructType EVENTS = new StructType().add("event_id", DataTypes.StringType, false)
            .add("run_id", DataTypes.StringType).add("batch_id", DataTypes.StringType).add("as_of", DataTypes.DateType)
            .add("listing_id", DataTypes.StringType).add("subject_key", DataTypes.StringType)
            .add("subject_role", DataTypes.StringType).add("from_state", DataTypes.StringType)
            .add("to_state", DataTypes.StringType).add("change", DataTypes.StringType).add("rule_refs", STRINGS)
            .add("reason", DataTypes.StringType).add("evidence_ids", STRINGS);

    public static Row toRow(Listing l) {
        List<Row> ev = new ArrayList<>();
        l.evidence().forEach(e -> ev.add(RowFactory.create(e.violationId(), e.platformId(), e.category(), e.severity(),
                date(e.detectedOn()))));
        List<String> platforms = l.evidence().stream().map(OffenderViolation.Evidence::platformId).distinct().sorted().toList();
        List<String> categories = l.evidence().stream().map(OffenderViolation.Evidence::category).distinct().sorted().toList();
        return RowFactory.create(l.listingId(), l.subjectKey(), l.subjectRole(), seq(l.subjectRoles()), l.seq(), l.state().code(),
                date(l.triggeredOn()), date(l.scopeFrom()), date(l.preliminaryFrom()), date(l.listedFrom()),
                date(l.eligibleFrom()), date(l.endsOn()), date(l.endedOn()), seq(l.ruleRefs()), l.isPublic(), seq(ev),
                seq(l.evidenceIds()), seq(platforms), seq(categories), platforms.size(), l.decisionRef(), l.reason(),
                l.runId(), l.batchId(), seq(acts(l.evidence())));
    }

    /** The evidence grouped by act, acts in order of their earliest record (evidence is by day then id). */
    static List<Row> acts(List<OffenderViolation.Evidence> evidence) {
        Map<String, List<OffenderViolation.Evidence>> by = new LinkedHashMap<>();
        evidence.stream().filter(e -> e.actId() != null).forEach(e -> by.computeIfAbsent(e.actId(), k -> new ArrayList<>()).add(e));
        List<Row> out = new ArrayList<>();
        by.forEach((id, es) -> out.add(RowFactory.create(id, es.get(0).category(),
                es.stream().map(OffenderViolation.Evidence::severity).max(String::compareTo).orElseThrow(), date(es.get(0).detectedOn()),
                seq(es.stream().map(OffenderViolation.Evidence::violationId).toList()))));
        return out;
    }

    /**
     * A listing row back as a {@link Listing}; a row written before {@code subject_roles} existed
     * (the column missing or null) has the one role {@code [subject_role]}.
     *
     * @throws IllegalArgumentException on an unknown state code
     */
    public static Listing listing(Row r) {
        Map<String, String> actOf = new HashMap<>();
        int actsAt = java.util.Arrays.asList(r.schema().fieldNames()).indexOf("acts");
        if (actsAt >= 0 && !r.isNullAt(actsAt)) {
            for (Row a : r.<Row>getList(actsAt)) {
                a.<String>getList(4).forEach(id -> actOf.put(id, a.getString(0)));   // ACT: act_id 0, violation_ids 4
            }
        }
        List<OffenderViolation.Evidence> ev = new ArrayList<>();
        for (Row e : r.<Row>getList(r.fieldIndex("evidence"))) {
            ev.add(new OffenderViolation.Evidence(e.getString(0), e.getString(1), e.getString(2), e.getString(3), local(e.getDate(4)),
                    actOf.get(e.getString(0))));
        }
        String role = r.getAs("subject_role");
        boolean hasRoles = java.util.Arrays.asList(r.schema().fieldNames()).contains("subject_roles")
                && !r.isNullAt(r.fieldIndex("subject_roles"));
        List<String> roles = hasRoles ? List.copyOf(r.<String>getList(r.fieldIndex("subject_roles"))) : List.of(role);
        return new Listing(r.getAs("listing_id"), r.getAs("subject_key"), role, roles, r.<Integer>getAs("seq"),
                ListingState.of(r.getAs("state")), local(r.getAs("triggered_on")), local(r.getAs("scope_from")),
                local(r.getAs("preliminary_from")), local(r.getAs("listed_from")), local(r.getAs("eligible_from")),
                local(r.getAs("ends_on")), local(r.getAs("ended_on")), List.copyOf(r.<String>getList(r.fieldIndex("rule_refs"))),
                r.<Boolean>getAs("is_public"), ev, r.getAs("decision_ref"), r.getAs("reason"), r.getAs("run_id"),
                r.getAs("batch_id"));
    }

    public static Row toRow(ListingEvent e) {
        return RowFactory.create(e.eventId(), e.runId(), e.batchId(), date(e.asOf()), e.listingId(), e.subjectKey(),
                e.subjectRole(), e.fromState(), e.toState(), e.change(), seq(e.ruleRefs()), e.reason(), seq(e.evidenceIds()));
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static LocalDate local(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}

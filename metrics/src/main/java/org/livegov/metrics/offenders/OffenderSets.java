package org.livegov.metrics.offenders;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.time.BeijingTime;

/**
 * Dataset transforms around the offender lifecycle: which subjects to evaluate, the list each
 * audience receives, and the evasion check. Pure functions over Datasets, no I/O.
 */
public final class OffenderSets {
    /** States in which joint punishment applies. */
    public static final List<String> ON_LIST = List.of(ListingState.LISTED.code(), ListingState.ELIGIBLE_EARLY_REMOVAL.code());

    private OffenderSets() {
    }

    /**
     * Subjects that some rule could list as of {@code asOf}: for some rule, at least
     * {@code minCount} qualifying acts ({@link RuleEngine#acts}: confirmed records merged by
     * {@link OffenderPolicy.Acts}, worst severity, heavier penalty when any record has one) with a
     * record detected within the listing period plus the rule's window before {@code asOf},
     * counting only records whose {@code subject_role} is one of the policy's
     * {@code subjectRoles} (configuration). A superset of the subjects the rules fire for; the
     * exact evaluation is {@link Lifecycle}'s. Listings already open go on through their lifecycle
     * whatever the roles now say.
     *
     * @param keyed violations with {@code subject_key, subject_role, status, severity, heavier_penalty,
     *              detected_at, category, platform_id, broadcast_id}
     * @return {@code subject_key string}, distinct
     */
    public static Dataset<Row> candidateSubjects(Dataset<Row> keyed, OffenderPolicy policy, LocalDate asOf) {
        Column day = BeijingTime.day(col("detected_at"));
        LocalDate from = asOf.minusMonths(policy.listingMonths() + policy.maxWindowMonths());
        Dataset<Row> acts = keyed.where(col("status").equalTo("confirmed").and(col("subject_role").isin(policy.subjectRoles().toArray()))
                        .and(day.gt(lit(Date.valueOf(from))))
                        .and(day.leq(lit(Date.valueOf(asOf)))))
                .groupBy(col("subject_key"), actKey(policy.acts()).as("_act"))
                .agg(max("severity").as("_severity"), max(when(coalesce(col("heavier_penalty"), lit(false)), 1).otherwise(0)).as("_heavier"),
                        max("category").as("_category"));
        List<Column> counts = new ArrayList<>();
        Column any = lit(false);
        for (int i = 0; i < policy.rules().size(); i++) {
            OffenderPolicy.Rule r = policy.rules().get(i);
            Column q = col("_severity").geq(r.minSeverity());
            if (r.heavierPenaltyRequired()) {
                q = q.and(col("_heavier").equalTo(1));
            }
            if (!r.categories().isEmpty()) {
                q = q.and(col("_category").isin(r.categories().toArray()));
            }
            counts.add(sum(when(q, 1).otherwise(0)).as("_c" + i));
            any = any.or(col("_c" + i).geq(r.minCount()));
        }
        return acts.groupBy("subject_key").agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0]))
                .where(any).select("subject_key");
    }

    /**
     * The act a violation row belongs to within its subject, as a column: the same string as
     * {@link OffenderPolicy.Acts#actId} ({@code b:} or {@code d:}, then the configured fields'
     * values joined by {@code |}; {@code detected_on} is the Beijing day of {@code detected_at}).
     *
     * @param acts what one act is
     * @return a string column over {@code broadcast_id, category, detected_at, platform_id}
     */
    public static Column actKey(OffenderPolicy.Acts acts) {
        return when(col("broadcast_id").isNotNull(), concat(lit("b:"), concat_ws("|", fields(acts.withBroadcast()))))
                .otherwise(concat(lit("d:"), concat_ws("|", fields(acts.withoutBroadcast()))));
    }

    private static Column[] fields(List<String> names) {
        return names.stream().map(f -> switch (f) {
            case "detected_on" -> BeijingTime.day(col("detected_at")).cast("string");
            default -> col(f);
        }).toArray(Column[]::new);
    }

    /**
     * @param keyed violations with {@code violation_id, subject_key, subject_role, platform_id,
     *              category, severity, status, detected_at, heavier_penalty, broadcast_id}
     * @return the same violations in the rules' form (collect them only for a bounded set of subjects)
     */
    public static Dataset<Row> ruleColumns(Dataset<Row> keyed) {
        return keyed.select(col("violation_id"), col("subject_key"), col("subject_role"), col("platform_id"),
                col("category"), col("severity"), col("status"), BeijingTime.day(col("detected_at")).as("detected_on"),
                coalesce(col("heavier_penalty"), lit(false)).as("heavier_penalty"), col("broadcast_id"));
    }

    /** A row of {@link #ruleColumns} as the rules see it. */
    public static OffenderViolation violation(Row r) {
        return new OffenderViolation(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getDate(7).toLocalDate(), r.getBoolean(8), r.getString(9));
    }

    /**
     * The hand-over for the platform benchmark ("listed repeat offenders still broadcasting"):
     * subjects on the list, one row each.
     *
     * @param listings {@code gold/offender_listings}
     * @return {@code subject_role, subject_key string, listed_from date} (earliest listed-from of
     *     the subject's listings in state listed or eligible_early_removal)
     */
    public static Dataset<Row> listedSubjects(Dataset<Row> listings) {
        return listings.where(col("state").isin(ON_LIST.toArray()))
                .groupBy("subject_role", "subject_key").agg(min("listed_from").as("listed_from"));
    }

    /**
     * What each platform receives: the subjects on the list that concern it, under a key derived
     * for that platform ({@link Pseudonymiser#platformKey}: HMAC of platform id and subject key),
     * never the regulator's pseudonyms. A subject concerns a platform when it holds an account there
     * (an anchor whose person key, or anchor id, is the subject; a merchant whose USCC, or merchant
     * id, is the subject) or when the listing's evidence names the platform. The row lists the
     * platform's own account ids for the subject, which the platform already holds, so it can act on
     * them; the key is the same every night, so it can follow a subject across nights and see which
     * of its accounts are one person, but it cannot join its list with another platform's or find
     * the subject in the regulator's tables. Platform subjects are left out. Source: the
     * Specification's joint-punishment duty; pseudonymisation per the Personal Information
     * Protection Law (domain.md §6).
     *
     * @param listings  {@code gold/offender_listings} ({@code subject_key, subject_role, state,
     *                  listed_from, ends_on, platforms})
     * @param anchors   silver anchors ({@code anchor_id, platform_id, person_key})
     * @param merchants silver merchants ({@code merchant_id, platform_id, uscc})
     * @param key       the pseudonymisation key
     * @return {@code platform_id, subject_ref (64 hex, per platform), subject_role (primary),
     *     subject_roles array<string> (a USCC that is a merchant and an MCN: one row, {@code [mcn, merchant]}), account_ids
     *     (sorted; empty when the platform holds no account of the subject), state, listed_from,
     *     ends_on}, one row per platform and listing on the list
     */
    public static Dataset<Row> forPlatforms(Dataset<Row> listings, Dataset<Row> anchors, Dataset<Row> merchants,
                                            Pseudonymiser key) {
        UserDefinedFunction derive = org.apache.spark.sql.functions.udf(
                (org.apache.spark.sql.api.java.UDF2<String, String, String>) key::platformKey, DataTypes.StringType);
        Dataset<Row> l = listings.where(col("state").isin(ON_LIST.toArray()).and(col("subject_role").notEqual("platform")));
        Dataset<Row> accounts = anchors.select(col("platform_id"), col("anchor_id").as("account_id"),
                        SubjectKey.anchor(col("person_key"), col("anchor_id")).as("subject_key"))
                .unionByName(merchants.select(col("platform_id"), col("merchant_id").as("account_id"),
                        SubjectKey.merchant(col("uscc"), col("merchant_id")).as("subject_key")));
        Dataset<Row> held = l.select("subject_key").distinct().join(accounts, "subject_key");
        Dataset<Row> evidence = l.select(col("subject_key"),
                        org.apache.spark.sql.functions.explode(col("platforms")).as("platform_id"))
                .withColumn("account_id", lit(null).cast("string"));
        Dataset<Row> pairs = held.select("subject_key", "platform_id", "account_id").unionByName(evidence)
                .groupBy("subject_key", "platform_id")
                .agg(org.apache.spark.sql.functions.array_sort(
                        org.apache.spark.sql.functions.collect_set("account_id")).as("account_ids"));
        return l.join(pairs, "subject_key")
                .select(col("platform_id"), derive.apply(col("platform_id"), col("subject_key")).as("subject_ref"),
                        col("subject_role"), col("subject_roles"), col("account_ids"), col("state"), col("listed_from"), col("ends_on"));
    }

    /**
     * The public list: subjects with the merchant role among their roles ({@code subject_roles}),
     * listed by at least one public rule ({@code public: true} in conf/offenders.yaml), currently on
     * the list. A USCC that is both a merchant and an MCN is one row, with both roles. Persons never
     * appear.
     *
     * @param listings  {@code gold/offender_listings}
     * @param merchants silver merchants ({@code merchant_id, name, uscc})
     * @return {@code uscc (null for merchants without one), merchant_ids array, names array,
     *     subject_roles array, listed_from, ends_on, rule_refs, categories}
     */
    public static Dataset<Row> forPublic(Dataset<Row> listings, Dataset<Row> merchants) {
        Dataset<Row> l = listings.where(col("state").isin(ON_LIST.toArray()).and(col("is_public"))
                .and(org.apache.spark.sql.functions.array_contains(col("subject_roles"), "merchant")));
        Dataset<Row> m = merchants.select(
                SubjectKey.merchant(col("uscc"), col("merchant_id")).as("_key"),
                col("merchant_id"), col("name"));
        return l.join(m, l.col("subject_key").equalTo(m.col("_key")), "left")
                .groupBy(l.col("subject_key"), col("subject_roles"), col("listed_from"), col("ends_on"), col("rule_refs"),
                        col("categories"))
                .agg(org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.collect_set("merchant_id")).as("merchant_ids"),
                        org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.collect_set("name")).as("names"))
                .select(SubjectKey.usccOf(col("subject_key")).as("uscc"), col("merchant_ids"), col("names"), col("subject_roles"), col("listed_from"),
                        col("ends_on"),
                        col("rule_refs"), col("categories"));
    }

    /**
     * Evasion check: listed subjects active on any platform on or after their listed-from day.
     * Anchors: broadcasts of any account whose {@code person_key} (or, without one, anchor id) is
     * the subject; merchants: complaints about, or entry audits passed by, any merchant account
     * with the subject's USCC (or id). Source: the Specification's entry-audit duty and joint
     * punishment (domain.md §1).
     *
     * @param listed     {@link #listedSubjects}
     * @param broadcasts silver broadcasts ({@code platform_id, anchor_id, started_at})
     * @param anchors    silver anchors ({@code anchor_id, person_key})
     * @param merchants  silver merchants ({@code merchant_id, platform_id, uscc, entry_audited_at})
     * @param complaints silver complaints ({@code platform_id, merchant_id, received_at})
     * @return {@code platform_id, subject_role, subject_key, listed_from, activity ("broadcast" |
     *     "complaint" | "entry_audit"), events bigint, first_day, last_day date} (Beijing days)
     */
    public static Dataset<Row> evasion(Dataset<Row> listed, Dataset<Row> broadcasts, Dataset<Row> anchors,
                                       Dataset<Row> merchants, Dataset<Row> complaints) {
        Dataset<Row> anchorKey = anchors.select(col("anchor_id").as("_aid"),
                SubjectKey.anchor(col("person_key"), col("anchor_id")).as("subject_key"));
        Dataset<Row> merchantKey = merchants.select(col("merchant_id").as("_mid"), col("platform_id").as("_mp"),
                col("entry_audited_at"), SubjectKey.merchant(col("uscc"), col("merchant_id")).as("subject_key"));
        Dataset<Row> b = broadcasts.join(anchorKey, col("anchor_id").equalTo(col("_aid")))
                .select(col("platform_id"), col("subject_key"), BeijingTime.day(col("started_at")).as("_day"),
                        lit("broadcast").as("activity"));
        Dataset<Row> c = complaints.where(col("merchant_id").isNotNull())
                .join(merchantKey, col("merchant_id").equalTo(col("_mid")))
                .select(col("platform_id"), col("subject_key"), BeijingTime.day(col("received_at")).as("_day"),
                        lit("complaint").as("activity"));
        Dataset<Row> e = merchantKey.where(col("entry_audited_at").isNotNull())
                .select(col("_mp").as("platform_id"), col("subject_key"), BeijingTime.day(col("entry_audited_at")).as("_day"),
                        lit("entry_audit").as("activity"));
        Dataset<Row> activity = b.unionByName(c).unionByName(e);
        return activity.join(listed, "subject_key")
                .where(col("_day").geq(col("listed_from")))
                .groupBy("platform_id", "subject_role", "subject_key", "listed_from", "activity")
                .agg(count(lit(1)).as("events"), min("_day").as("first_day"), max("_day").as("last_day"));
    }
}

package org.livegov.metrics.conform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.ids.Uscc;
import org.livegov.metrics.quality.ReasonCode;
import org.livegov.metrics.time.BeijingTime;

/**
 * Types and validates the rows of one feed: bronze text in, typed rows with a quarantine reason
 * out. Pure: no I/O, no actions.
 *
 * <p>Input (a bronze batch): {@code batch_id string, source_file string, source_checksum string,
 * ingested_at timestamp, record map<string,string>, malformed string}. {@code record} holds the
 * landed values as text keyed by lower-case column name, with personal fields already replaced by
 * their pseudonym and a companion {@code <field>__check} of {@code ok} or {@code bad}
 * (see {@code PersonalData}); {@code malformed} is non-null when the row could not be parsed.
 *
 * <p>Output: one row per input row with the contract's fields typed (instants as UTC
 * {@code timestamp}, dates as {@code date}, money as {@code decimal(18,2)} CNY, counts as
 * {@code bigint}, enums lower case, categories upper case; personal fields renamed to their keys:
 * {@code identity_number → person_key}, {@code phone_number → phone_key},
 * {@code complainant_phone → complainant_key}), the lineage columns, {@code month} (Beijing
 * {@code yyyy-MM} of the event instant, fact feeds only), {@code content_hash} (SHA-256 of the
 * business fields, {@code updated_at} excluded), the untouched {@code record}, and
 * {@code reason_code}/{@code reason_detail} (null when the row is valid). A row carries the first
 * failing check in {@link ReasonCode} order, then field order.
 *
 * <p>Rules: the input contracts ({@link Feed}); severity defaults from the taxonomy
 * (domain.md §3); plausibility limits are configuration ({@code conf/livegov.yaml}): every count
 * ({@code bigint}) and amount (CNY) above its ceiling ({@link Thresholds#ceiling}), a broadcast
 * longer than the hours ceiling, and a satisfaction outside 1-5 are ABSURD_VALUE, with a detail
 * naming the field, the ceiling and its configuration key, e.g. {@code views exceeds 1000000000
 * (quarantine.max_views)}; a value equal to its ceiling passes.
 */
public final class Conformer {
    private static final String INSTANT_PATTERN =
            "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?(Z|z|[+-]\\d{2}:?\\d{2})?$";
    private static final String OFFSET_PATTERN = "(Z|z|[+-]\\d{2}:?\\d{2})$";
    private static final String DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
    private static final String INT_PATTERN = "^[+-]?\\d{1,18}$";
    private static final String MONEY_PATTERN = "^[+-]?\\d{1,16}(\\.\\d{1,2})?$";
    private static final List<String> TRUE_WORDS = List.of("true", "1", "yes", "y");
    private static final List<String> FALSE_WORDS = List.of("false", "0", "no", "n");
    private static final List<String> LINEAGE = List.of("batch_id", "source_file", "source_checksum", "ingested_at", "record");
    private static final String RAW = "_raw_";
    private static final UserDefinedFunction USCC_VALID =
            udf((String s) -> s != null && Uscc.isValid(s), DataTypes.BooleanType);

    private Conformer() {
    }

    /** Output column name of a contract field (personal fields become their pseudonymous key). */
    public static String outputName(Field f) {
        return switch (f.name()) {
            case "identity_number" -> "person_key";
            case "phone_number" -> "phone_key";
            case "complainant_phone" -> "complainant_key";
            // reduced at the first read to the day the anchor turns 16 (PersonalData)
            case "birth_date" -> "turns_16_on";
            default -> f.name();
        };
    }

    /**
     * Conforms one feed's bronze rows.
     *
     * @param bronze bronze rows of one feed (schema above)
     * @param feed   the feed they belong to
     * @param ctx    taxonomy, thresholds and the run's cut-off
     * @return typed rows with {@code reason_code}/{@code reason_detail}; lazily evaluated
     */
    public static Dataset<Row> conform(Dataset<Row> bronze, Feed feed, ConformContext ctx) {
        // Step 1: raw text and typed value of every field, each parsed once.
        List<Column> step1 = new ArrayList<>();
        for (String lineage : LINEAGE) {
            step1.add(col(lineage));
        }
        step1.add(col("malformed"));
        Map<String, Column> typed = new LinkedHashMap<>();
        for (Field f : feed.fields()) {
            step1.add(raw(f.name()).as(RAW + f.name()));
            step1.add(parse(f, raw(f.name()), ctx).as(outputName(f)));
            typed.put(outputName(f), col(outputName(f)));
        }
        if (feed == Feed.VIOLATIONS) {
            // Severity defaults from the taxonomy (domain.md §3); a given one is kept.
            step1.add(categoryLookup(ctx, col(RAW + "category").isNotNull(), upper(raw("category")), false).as("_default_severity"));
        }
        Dataset<Row> parsed = bronze.select(step1.toArray(Column[]::new));

        // Step 2: checks over the typed columns; the first failing one names the reason.
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(ReasonCode.MALFORMED_ROW, col("malformed").isNotNull(), lit("row could not be parsed")));
        for (Field f : feed.fields()) {
            Column raw = col(RAW + f.name());
            if (f.required()) {
                checks.add(new Check(ReasonCode.MISSING_REQUIRED, raw.isNull(), lit(f.name() + " is required")));
            }
            fieldChecks(f, raw, typed.get(outputName(f)), ctx, checks);
        }
        feedChecks(feed, typed, ctx, checks);
        Dataset<Row> checked = parsed.withColumn("_reason", firstFailing(checks));

        // Step 3: output shape.
        List<Column> out = new ArrayList<>();
        for (String lineage : LINEAGE) {
            out.add(col(lineage));
        }
        typed.forEach((name, c) -> out.add(name.equals("severity")
                ? coalesce(c, col("_default_severity")).as(name) : c.as(name)));
        if (feed == Feed.VIOLATIONS) {
            out.add(categoryLookup(ctx, col("category").isNotNull(), col("category"), true).as("kind"));
            out.add(lit(ctx.taxonomy().version()).as("taxonomy_version"));
        }
        feed.eventTimeField().ifPresent(ev -> out.add(BeijingTime.month(col(ev)).as("month")));
        List<Column> hashed = new ArrayList<>();
        for (String name : typed.keySet()) {
            if (!name.equals("updated_at")) {
                hashed.add(coalesce(col(name).cast("string"), lit("\u2400")));
            }
        }
        out.add(sha2(concat_ws("\u0001", hashed.toArray(Column[]::new)), 256).as("content_hash"));
        out.add(col("_reason.code").as("reason_code"));
        out.add(col("_reason.detail").as("reason_detail"));
        return checked.select(out.toArray(Column[]::new));
    }

    /** Rows of a conformed dataset that passed every check. */
    public static Dataset<Row> valid(Dataset<Row> conformed) {
        return conformed.where(col("reason_code").isNull()).drop("reason_code", "reason_detail", "record");
    }

    /**
     * Projects rows that carry {@code reason_code}/{@code reason_detail} to the quarantine table's
     * shape: {@code feed, batch_id, source_file, source_checksum, ingested_at, reason_code,
     * reason_detail, record map<string,string>, quarantined_at timestamp}.
     */
    public static Dataset<Row> toQuarantine(Dataset<Row> rows, Feed feed) {
        return rows.select(lit(feed.feedName()).as("feed"), col("batch_id"), col("source_file"),
                col("source_checksum"), col("ingested_at"), col("reason_code"), col("reason_detail"),
                col("record"), current_timestamp().as("quarantined_at"));
    }

    private static Column raw(String name) {
        Column v = trim(element_at(col("record"), lit(name)));
        return when(length(v).gt(0), v);
    }

    private static Column parse(Field f, Column raw, ConformContext ctx) {
        return switch (f.type()) {
            case ID, TEXT -> raw;
            case INSTANT -> instant(raw);
            case DATE -> when(raw.rlike(DATE_PATTERN), to_date(raw, "yyyy-MM-dd"));
            case INT -> when(raw.rlike(INT_PATTERN), raw.cast("bigint")).cast("int");
            case LONG -> when(raw.rlike(INT_PATTERN), raw.cast("bigint"));
            case CNY -> when(raw.rlike(MONEY_PATTERN), raw.cast("decimal(18,2)"));
            case BOOL -> when(lower(raw).isin(TRUE_WORDS.toArray()), lit(true))
                    .when(lower(raw).isin(FALSE_WORDS.toArray()), lit(false));
            case ENUM -> f.name().equals("category")
                    ? when(upper(raw).isin(ctx.taxonomy().categories().keySet().toArray()), upper(raw))
                    : when(lower(raw).isin(f.values().toArray()), lower(raw));
            case USCC -> when(USCC_VALID.apply(raw), upper(raw));
            case IDENTITY_NUMBER, PHONE -> when(checkOf(f).equalTo("ok"), raw);
        };
    }

    /** ISO-8601 with offset, or local date-time read as Beijing time; null when unparsable. */
    static Column instant(Column raw) {
        Column wellFormed = raw.rlike(INSTANT_PATTERN);
        Column withOffset = raw.cast("timestamp");
        Column local = to_utc_timestamp(raw.cast("timestamp"), BeijingTime.ZONE_ID);
        return when(wellFormed, when(raw.rlike(OFFSET_PATTERN), withOffset).otherwise(local));
    }

    private static Column checkOf(Field f) {
        return element_at(col("record"), lit(f.name() + "__check"));
    }

    private static void fieldChecks(Field f, Column raw, Column value, ConformContext ctx, List<Check> checks) {
        Column present = raw.isNotNull();
        Column unparsed = present.and(value.isNull());
        switch (f.type()) {
            case INSTANT -> {
                checks.add(new Check(ReasonCode.BAD_INSTANT, unparsed, lit(f.name() + " is not an ISO-8601 instant")));
                Timestamp limit = Timestamp.from(ctx.cutoff().plusSeconds(3600L * ctx.thresholds().futureToleranceHours()));
                if (!f.name().equals("updated_at")) {
                    checks.add(new Check(ReasonCode.FUTURE_INSTANT, value.gt(lit(limit)),
                            lit(f.name() + " is later than the run's cut-off")));
                }
            }
            case DATE -> checks.add(new Check(ReasonCode.BAD_DATE, unparsed, lit(f.name() + " is not a real yyyy-MM-dd date")));
            case INT, LONG -> {
                checks.add(new Check(ReasonCode.BAD_NUMBER, unparsed, lit(f.name() + " is not an integer")));
                checks.add(new Check(ReasonCode.NEGATIVE_VALUE, value.lt(0), lit(f.name() + " is negative")));
                if (f.name().equals("satisfaction")) {
                    checks.add(new Check(ReasonCode.ABSURD_VALUE, value.lt(1).or(value.gt(5)), lit("satisfaction must be 1-5")));
                } else {
                    BigDecimal max = ceiling(f, ctx);
                    checks.add(new Check(ReasonCode.ABSURD_VALUE, value.gt(lit(max.longValueExact())),
                            lit(f.name() + " exceeds " + max.toPlainString() + " (quarantine."
                                    + Thresholds.CEILING_KEYS.get(f.name()) + ")")));
                }
            }
            case CNY -> {
                checks.add(new Check(ReasonCode.BAD_MONEY, unparsed, lit(f.name() + " is not CNY with at most two decimals")));
                checks.add(new Check(ReasonCode.NEGATIVE_VALUE, value.lt(0), lit(f.name() + " is negative")));
                BigDecimal max = ceiling(f, ctx);
                checks.add(new Check(ReasonCode.ABSURD_VALUE, value.gt(lit(max)), lit(f.name() + " exceeds "
                        + max.toPlainString() + " CNY (quarantine." + Thresholds.CEILING_KEYS.get(f.name()) + ")")));
            }
            case BOOL -> checks.add(new Check(ReasonCode.BAD_BOOLEAN, unparsed, lit(f.name() + " is not true/false")));
            case ENUM -> {
                boolean isCategory = f.name().equals("category");
                checks.add(new Check(isCategory ? ReasonCode.UNKNOWN_CATEGORY : ReasonCode.UNKNOWN_ENUM, unparsed,
                        lit(f.name() + (isCategory ? " is not in the taxonomy" : " must be one of " + f.values()))));
            }
            case USCC -> checks.add(new Check(ReasonCode.BAD_USCC, unparsed, lit(f.name() + " fails the GB 32100 check")));
            case IDENTITY_NUMBER -> checks.add(new Check(ReasonCode.BAD_IDENTITY_NUMBER, unparsed,
                    lit(f.name() + " fails the GB 11643 check")));
            default -> {
            }
        }
    }

    /** The ceiling of a count or amount; a contract field of that type without one is a programming error. */
    private static BigDecimal ceiling(Field f, ConformContext ctx) {
        BigDecimal max = ctx.thresholds().ceiling(f.name());
        if (max == null) {
            throw new IllegalStateException(f.name() + ": a count or amount without a plausibility ceiling"
                    + " (add it to Thresholds and conf/livegov.yaml)");
        }
        return max;
    }

    private static void feedChecks(Feed feed, Map<String, Column> t, ConformContext ctx, List<Check> checks) {
        switch (feed) {
            case BROADCASTS -> {
                checks.add(endBeforeStart(t, "started_at", "ended_at"));
                Column hours = t.get("ended_at").cast("long").minus(t.get("started_at").cast("long")).divide(3600.0);
                checks.add(new Check(ReasonCode.ABSURD_VALUE, hours.gt(ctx.thresholds().maxBroadcastHours()),
                        lit("broadcast longer than " + ctx.thresholds().maxBroadcastHours()
                                + " hours (quarantine.max_broadcast_hours)")));
            }
            case VIOLATIONS -> checks.add(endBeforeStart(t, "detected_at", "disposed_at"));
            case COMPLAINTS -> {
                checks.add(endBeforeStart(t, "received_at", "accepted_at"));
                checks.add(endBeforeStart(t, "received_at", "first_response_at"));
                checks.add(endBeforeStart(t, "received_at", "closed_at"));
            }
            case CONTRACTS -> checks.add(new Check(ReasonCode.END_BEFORE_START,
                    t.get("valid_to").lt(t.get("valid_from")), lit("valid_to is before valid_from")));
            default -> {
            }
        }
    }

    private static Check endBeforeStart(Map<String, Column> t, String start, String end) {
        return new Check(ReasonCode.END_BEFORE_START, t.get(end).lt(t.get(start)), lit(end + " is before " + start));
    }

    private static Column categoryLookup(ConformContext ctx, Column present, Column category, boolean kind) {
        List<Column> kv = new ArrayList<>();
        for (var c : ctx.taxonomy().categories().values()) {
            kv.add(lit(c.code()));
            kv.add(lit(kind ? c.kind() : c.severity()));
        }
        return when(present, element_at(map(kv.toArray(Column[]::new)), category));
    }

    /** struct(code, detail) of the first failing check in ReasonCode order, then field order; null when none. */
    private static Column firstFailing(List<Check> checks) {
        List<Check> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparing(Check::code)); // stable: field order within a code
        Column[] candidates = ordered.stream()
                .map(c -> when(coalesce(c.failed(), lit(false)), struct(lit(c.code().name()).as("code"), c.detail().as("detail"))))
                .toArray(Column[]::new);
        return coalesce(candidates);
    }

    private record Check(ReasonCode code, Column failed, Column detail) {
    }
}

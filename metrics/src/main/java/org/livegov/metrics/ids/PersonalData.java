package org.livegov.metrics.ids;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.contract.FieldType;

/**
 * Pseudonymises personal identifiers in landed rows before anything is written (the bronze step
 * is the first that reads them). Identity numbers (GB 11643-1999) and phone numbers become
 * HMAC-SHA256 pseudonyms; their validity is kept as a companion entry so that silver can still
 * quarantine an invalid identity number without ever seeing it.
 *
 * <p>Input: rows with {@code record map<string,string>} (lower-case column name to text) and
 * {@code malformed string} (raw text of an unparsable row, or null). Output: the same schema, with
 * {@code record[f]} replaced by the pseudonym and {@code record[f + "__check"]} set to {@code ok}
 * or {@code bad} for every personal field {@code f} of the feed; in {@code malformed} every
 * sequence that looks like an identity number (17 digits and a check character) or a mainland
 * mobile number (11 digits starting with 1) is replaced by its pseudonym, since an unparsable row
 * cannot be split into fields; for the same reason every value of such a row's {@code record} is
 * masked that way too. Pure, lazy.
 *
 * <p>A birth date is kept only as far as the indicators need it: the under-16 check (P02, the
 * Measures for Live-streaming Marketing (trial), 2021) compares the day an anchor turns 16 with the
 * broadcast day, so {@code record["birth_date"]} is replaced at this first read by that day,
 * {@code yyyy-MM-dd} = birth date + 16 years ({@link #turns16}); silver names the column
 * {@code turns_16_on}. For an anchor who turned 16 on or before {@link #ADULT_FLOOR} (2014-01-01,
 * so 18 by 2016-01-01, before the first live-commerce broadcast the feeds can hold) the exact day
 * decides nothing: the value is the floor itself, so most anchors' birth days are not kept at all.
 * The check may therefore ask for a minimum age from 16 to 18 only (the ages the law names: 16,
 * and 16 to 18 with a guardian's consent), which the indicator catalogue's loader enforces. A value that is not a real {@code yyyy-MM-dd} date becomes
 * {@code "invalid"}, so silver still quarantines it (BAD_DATE) without keeping its year and month;
 * in the raw text of an unparsable row of such a feed every date-like {@code yyyy-MM-dd} is
 * masked as {@code #date#}.
 *
 * <p>Source: Personal Information Protection Law (pseudonymisation, minimisation); domain.md §6.
 */
public final class PersonalData {
    private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 \\-]{5,18}[0-9]$");
    private static final Pattern DATE_LIKE = Pattern.compile("(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])");
    private static final Pattern ISO_DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    /** The field whose value is reduced to the day its holder turns 16. */
    public static final String BIRTH_DATE = "birth_date";
    /**
     * The earliest {@code turns_16_on} kept: anyone 16 by then was 18 by 2016-01-01, when live
     * commerce began (Taobao Live, 2016), so an earlier day would decide no indicator.
     * (configuration: the reasoning above; broadcasts before 2016 are outside the data's domain)
     */
    public static final LocalDate ADULT_FLOOR = LocalDate.of(2014, 1, 1);
    /** Value that replaces a birth date that is not a real {@code yyyy-MM-dd} date. */
    public static final String INVALID_DATE = "invalid";

    private PersonalData() {
    }

    /** Domain label used in the HMAC for a personal field type. */
    public static String domain(FieldType type) {
        return type == FieldType.IDENTITY_NUMBER ? "id" : "phone";
    }

    /**
     * @param rows  rows with {@code record} and {@code malformed} (schema above)
     * @param feed  feed whose personal fields are protected
     * @param p     the keyed hash
     * @return rows with no raw personal identifier left
     */
    public static Dataset<Row> protect(Dataset<Row> rows, Feed feed, Pseudonymiser p) {
        List<Field> personal = feed.fields().stream().filter(f -> f.type().isPersonal()).toList();
        // An unparsable row's cells are not where the header says (a cell too many shifts an
        // identity number into a non-personal column; an open quote swallows the rest of the line
        // into one cell), so every value of such a row is masked like its raw text.
        boolean births = feed.fields().stream().anyMatch(f -> f.name().equals(BIRTH_DATE));
        UserDefinedFunction mask = maskText(p, births);
        Dataset<Row> out = rows.withColumn("record", when(col("malformed").isNull(), col("record"))
                        .otherwise(transform_values(col("record"), (k, v) -> mask.apply(v))))
                .withColumn("malformed", mask.apply(col("malformed")));
        if (births) {
            UserDefinedFunction reduce = udf((String v) -> turns16(v), DataTypes.StringType);
            out = out.withColumn("record", when(col("malformed").isNotNull(), col("record"))
                    .otherwise(transform_values(col("record"), (k, v) -> when(k.equalTo(BIRTH_DATE), reduce.apply(v))
                            .otherwise(v))));
        }
        if (personal.isEmpty()) {
            return out;
        }
        List<Column> checks = new ArrayList<>();
        for (Field f : personal) {
            Column v = element_at(col("record"), lit(f.name()));
            checks.add(lit(f.name() + "__check"));
            checks.add(when(v.isNull().or(v.equalTo("")), lit(null).cast("string"))
                    .otherwise(when(validity(f.type()).apply(v), lit("ok")).otherwise(lit("bad"))));
        }
        Column record = transform_values(col("record"), (k, v) -> {
            Column replaced = v;
            for (Field f : personal) {
                replaced = when(k.equalTo(f.name()), hash(p, f.type()).apply(v)).otherwise(replaced);
            }
            return replaced;
        });
        return out.withColumn("record", map_concat(record, map(checks.toArray(Column[]::new))));
    }

    private static UserDefinedFunction hash(Pseudonymiser p, FieldType type) {
        String domain = domain(type);
        return udf((String v) -> p.pseudonym(domain, v), DataTypes.StringType);
    }

    private static UserDefinedFunction validity(FieldType type) {
        return type == FieldType.IDENTITY_NUMBER
                ? udf((String v) -> ResidentIdNumber.isValid(v), DataTypes.BooleanType)
                : udf((String v) -> v != null && PHONE.matcher(v.trim()).matches(), DataTypes.BooleanType);
    }

    private static UserDefinedFunction maskText(Pseudonymiser p, boolean maskDates) {
        return udf((String text) -> {
            if (text == null) {
                return null;
            }
            Matcher m = ID_LIKE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String kind = m.group(1).length() == 18 ? "id" : "phone";
                m.appendReplacement(sb, "#" + kind + ":" + p.pseudonym(kind, m.group(1)) + "#");
            }
            m.appendTail(sb);
            return maskDates ? DATE_LIKE.matcher(sb).replaceAll("#date#") : sb.toString();
        }, DataTypes.StringType);
    }

    /**
     * The day the holder of a birth date turns 16: birth date + 16 years, 29 February giving
     * 28 February in a common year ({@link LocalDate#plusYears}, as Spark's {@code add_months}).
     *
     * @param birthDate raw text; surrounding blanks ignored
     * @return {@code yyyy-MM-dd}, never before {@link #ADULT_FLOOR}; the input unchanged when
     *     null or blank; {@link #INVALID_DATE} when it is not a real {@code yyyy-MM-dd} date
     */
    public static String turns16(String birthDate) {
        if (birthDate == null || birthDate.isBlank()) {
            return birthDate;
        }
        String t = birthDate.trim();
        if (!ISO_DATE.matcher(t).matches()) {
            return INVALID_DATE;
        }
        try {
            LocalDate d = LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).plusYears(16);
            return (d.isBefore(ADULT_FLOOR) ? ADULT_FLOOR : d).toString();
        } catch (DateTimeParseException e) {
            return INVALID_DATE;
        }
    }
}

package org.livegov.metrics.contract;

import static org.livegov.metrics.contract.Field.opt;
import static org.livegov.metrics.contract.Field.optEnum;
import static org.livegov.metrics.contract.Field.req;
import static org.livegov.metrics.contract.Field.reqEnum;
import static org.livegov.metrics.contract.FieldType.BOOL;
import static org.livegov.metrics.contract.FieldType.CNY;
import static org.livegov.metrics.contract.FieldType.DATE;
import static org.livegov.metrics.contract.FieldType.ENUM;
import static org.livegov.metrics.contract.FieldType.ID;
import static org.livegov.metrics.contract.FieldType.IDENTITY_NUMBER;
import static org.livegov.metrics.contract.FieldType.INSTANT;
import static org.livegov.metrics.contract.FieldType.INT;
import static org.livegov.metrics.contract.FieldType.LONG;
import static org.livegov.metrics.contract.FieldType.PHONE;
import static org.livegov.metrics.contract.FieldType.TEXT;
import static org.livegov.metrics.contract.FieldType.USCC;

import java.util.List;
import java.util.Optional;

/**
 * The input feeds and their contracts. A file belongs to a feed by the landing sub-folder it
 * arrives in ({@code landing/<feed>/...}); its columns are matched by name, case-insensitively.
 * Unknown extra columns are kept in bronze and ignored by silver.
 *
 * <p>Every feed has an optional {@code updated_at} instant: the version of the record at the
 * source. The deduplication rule (see {@code docs/input-contracts.md}) keeps, per key, the version
 * with the latest {@code updated_at}; ties are broken by the later landing (batch, file, row).
 *
 * <p>Source: the duties of the Live E-commerce Service Specification (Zhejiang, 2020) and the
 * national rules in {@code shared/domain.md} §2; field names and enumerations are configuration of
 * LiveGov's own.
 */
public enum Feed {
    PLATFORMS("platforms", "platform_id", null, List.of(
            req("platform_id", ID, "", "platform key, e.g. DY"),
            req("name", TEXT, "", "platform name"),
            opt("uscc", USCC, "", "operator's unified social credit code"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    MCNS("mcns", "mcn_id", null, List.of(
            req("mcn_id", ID, "", "MCN (multi-channel network agency) key"),
            req("name", TEXT, "", "registered name"),
            req("uscc", USCC, "", "unified social credit code; characters 3-8 give the region (GB/T 2260)"),
            opt("registered_at", DATE, "Beijing date", "date the MCN registered with the association"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    MERCHANTS("merchants", "merchant_id", null, List.of(
            req("merchant_id", ID, "", "merchant key (unique across platforms)"),
            req("platform_id", ID, "", "platform the merchant sells on"),
            req("name", TEXT, "", "merchant name"),
            opt("uscc", USCC, "", "unified social credit code (individual sellers may lack one)"),
            req("licence_displayed", BOOL, "", "business licence shown in the shop/live room (亮证亮照)"),
            opt("qualification_verified_at", INSTANT, "UTC instant", "platform verified qualification"),
            opt("entry_audited_at", INSTANT, "UTC instant", "platform entry audit passed"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    ANCHORS("anchors", "anchor_id", null, List.of(
            req("anchor_id", ID, "", "anchor key (unique across platforms; one person may have several)"),
            req("platform_id", ID, "", "platform of this account"),
            req("account_id", ID, "", "account id on the platform"),
            opt("identity_number", IDENTITY_NUMBER, "", "resident identity number; pseudonymised to person_key"),
            opt("phone_number", PHONE, "", "phone number; pseudonymised to phone_key"),
            opt("birth_date", DATE, "Beijing date", "date of birth; kept only as turns_16_on, the day the anchor turns 16 (birth date + 16 years, never before 2014-01-01: 18 by 2016), from the first read on (anchors must be >= 16)"),
            opt("real_name_verified_at", INSTANT, "UTC instant", "real-name verification passed"),
            opt("entry_audited_at", INSTANT, "UTC instant", "platform entry audit passed"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    CONTRACTS("contracts", "contract_id", null, List.of(
            req("contract_id", ID, "", "anchor-MCN contract key"),
            req("anchor_id", ID, "", "contracted anchor"),
            req("mcn_id", ID, "", "contracting MCN"),
            req("valid_from", DATE, "Beijing date", "first day of validity"),
            opt("valid_to", DATE, "Beijing date", "last day of validity, inclusive; empty = open"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    BROADCASTS("broadcasts", "broadcast_id", "started_at", List.of(
            req("broadcast_id", ID, "", "broadcast (live session) key"),
            req("platform_id", ID, "", "platform"),
            req("anchor_id", ID, "", "anchor hosting the broadcast"),
            req("started_at", INSTANT, "UTC instant", "start; decides the Beijing day/month/quarter"),
            req("ended_at", INSTANT, "UTC instant", "end; must not precede start"),
            opt("peak_viewers", LONG, "viewers", "peak concurrent viewers"),
            opt("views", LONG, "views", "total views"),
            opt("orders", LONG, "orders", "orders placed during the broadcast"),
            opt("gmv_cny", CNY, "CNY", "gross merchandise value"),
            reqEnum("monitoring", "how the platform monitored it", "automated", "patrol", "none"),
            opt("recording_retained_until", DATE, "Beijing date", "recording kept until (>= 3 years required)"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    VIOLATIONS("violations", "violation_id", "detected_at", List.of(
            req("violation_id", ID, "", "violation key"),
            req("platform_id", ID, "", "platform where it occurred"),
            opt("broadcast_id", ID, "", "broadcast it occurred in, when any"),
            reqEnum("subject_role", "who answers for it", "merchant", "anchor", "mcn", "platform"),
            req("subject_id", ID, "", "key of the subject in its register (or a name-derived key)"),
            opt("subject_name", TEXT, "", "subject's name as the source wrote it"),
            opt("subject_uscc", USCC, "", "subject's USCC when the source gives one"),
            req("category", ENUM, "", "taxonomy category V01-V13 (conf/taxonomy.yaml)"),
            optEnum("severity", "S1-S4; defaults from the taxonomy", "s1", "s2", "s3", "s4"),
            req("detected_at", INSTANT, "UTC instant", "when the violation was detected"),
            reqEnum("detected_by", "who detected it", "platform_automated", "platform_patrol", "mcn",
                    "regulator", "consumer_report"),
            optEnum("disposal", "heaviest measure taken", "warning", "correct", "remove_content",
                    "restrict_publishing", "close_live_room", "suspend", "ban", "fine", "none"),
            opt("disposed_at", INSTANT, "UTC instant", "when the measure was taken"),
            opt("penalty_cny", CNY, "CNY", "fine or penalty amount"),
            opt("heavier_penalty", BOOL, "", "aggravated fine, licence revoked, suspended or banned (SAMR Order 44)"),
            reqEnum("status", "legal status", "confirmed", "under_appeal", "overturned"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source"))),

    COMPLAINTS("complaints", "complaint_id", "received_at", List.of(
            req("complaint_id", ID, "", "complaint key"),
            req("platform_id", ID, "", "platform complained about"),
            opt("broadcast_id", ID, "", "broadcast concerned"),
            opt("merchant_id", ID, "", "merchant concerned"),
            opt("anchor_id", ID, "", "anchor concerned"),
            opt("category", ENUM, "", "taxonomy category V01-V13 when classified"),
            reqEnum("kind", "commodity goes to the merchant, publicity to the anchor", "commodity", "publicity", "other"),
            req("received_at", INSTANT, "UTC instant", "complaint received"),
            opt("accepted_at", INSTANT, "UTC instant", "accepted or rejected (7 working days rule)"),
            opt("first_response_at", INSTANT, "UTC instant", "first response to the consumer"),
            opt("closed_at", INSTANT, "UTC instant", "closed"),
            optEnum("outcome", "result", "resolved", "partially_resolved", "unresolved", "rejected", "withdrawn", "pending"),
            optEnum("compensated_by", "who paid the consumer", "merchant", "anchor", "mcn", "platform", "none"),
            opt("compensation_cny", CNY, "CNY", "amount paid to the consumer"),
            opt("satisfaction", INT, "1-5", "consumer satisfaction score"),
            opt("escalated_12315", BOOL, "", "escalated to the 12315 platform"),
            opt("complainant_phone", PHONE, "", "consumer's phone; pseudonymised to complainant_key"),
            opt("updated_at", INSTANT, "UTC instant", "version of this record at the source")));

    private final String feedName;
    private final String keyField;
    private final String eventTimeField;
    private final List<Field> fields;

    Feed(String feedName, String keyField, String eventTimeField, List<Field> fields) {
        this.feedName = feedName;
        this.keyField = keyField;
        this.eventTimeField = eventTimeField;
        this.fields = fields;
    }

    /** Landing sub-folder and table name, e.g. {@code broadcasts}. */
    public String feedName() {
        return feedName;
    }

    /** Business key: one silver row per value. */
    public String keyField() {
        return keyField;
    }

    /** The instant that decides the Beijing month of a fact row; empty for registers. */
    public Optional<String> eventTimeField() {
        return Optional.ofNullable(eventTimeField);
    }

    public List<Field> fields() {
        return fields;
    }

    public Field field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("feed " + feedName + " has no field " + name));
    }

    /** True for the three fact feeds (broadcasts, violations, complaints). */
    public boolean isFact() {
        return eventTimeField != null;
    }

    /**
     * @throws IllegalArgumentException when no feed has that name; the message lists the valid ones
     */
    public static Feed byName(String name) {
        for (Feed f : values()) {
            if (f.feedName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown feed '" + name + "'; expected one of "
                + java.util.Arrays.stream(values()).map(Feed::feedName).toList());
    }
}

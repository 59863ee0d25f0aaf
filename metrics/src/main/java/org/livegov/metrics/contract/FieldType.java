package org.livegov.metrics.contract;

/**
 * Wire types of the input contracts. Every landed value arrives as text (CSV cell, JSON value
 * rendered as text, Parquet value cast to string); the silver step parses it by this type.
 *
 * <p>Text forms accepted:
 * <ul>
 *   <li>{@link #INSTANT}: ISO-8601 with offset ({@code 2026-04-01T10:15:00+08:00},
 *       {@code 2026-04-01T02:15:00Z}); a local date-time without offset
 *       ({@code 2026-04-01 10:15:00} or with {@code T}) is read as Beijing time (Asia/Shanghai).
 *       Stored as UTC {@code timestamp}.</li>
 *   <li>{@link #DATE}: {@code yyyy-MM-dd} (a calendar day in Beijing time).</li>
 *   <li>{@link #CNY}: decimal yuan with at most two decimals, no thousands separators; stored as
 *       {@code decimal(18,2)}, never binary floating point.</li>
 *   <li>{@link #BOOL}: {@code true/false}, {@code 1/0}, {@code yes/no} (case-insensitive).</li>
 *   <li>{@link #ENUM}: one of the field's listed values (case-insensitive; stored lower case).</li>
 *   <li>{@link #USCC}: unified social credit code, GB 32100-2015, 18 characters, check character
 *       validated.</li>
 *   <li>{@link #IDENTITY_NUMBER}: resident identity number, GB 11643-1999, 18 characters, ISO 7064
 *       MOD 11-2 check digit validated; pseudonymised (HMAC-SHA256) before any write.</li>
 *   <li>{@link #PHONE}: phone number; pseudonymised (HMAC-SHA256) before any write.</li>
 * </ul>
 */
public enum FieldType {
    ID, TEXT, INSTANT, DATE, INT, LONG, CNY, BOOL, ENUM, USCC, IDENTITY_NUMBER, PHONE;

    /** True when the raw value is personal data that must never be written in clear. */
    public boolean isPersonal() {
        return this == IDENTITY_NUMBER || this == PHONE;
    }
}

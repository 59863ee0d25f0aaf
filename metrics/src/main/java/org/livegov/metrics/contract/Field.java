package org.livegov.metrics.contract;

import java.util.List;

/**
 * One field of an input contract.
 *
 * @param name    column name in the landed file (CSV header, JSON key, Parquet column), snake_case
 * @param type    wire type, see {@link FieldType}
 * @param required true when a row without a value is quarantined ({@code MISSING_REQUIRED})
 * @param unit    unit of the value ("CNY", "count", "UTC instant", "" when none)
 * @param meaning one line for the contract table in {@code docs/input-contracts.md}
 * @param values  allowed values for {@link FieldType#ENUM} (lower case), empty otherwise
 */
public record Field(String name, FieldType type, boolean required, String unit, String meaning,
                    List<String> values) {

    public static Field req(String name, FieldType type, String unit, String meaning) {
        return new Field(name, type, true, unit, meaning, List.of());
    }

    public static Field opt(String name, FieldType type, String unit, String meaning) {
        return new Field(name, type, false, unit, meaning, List.of());
    }

    public static Field reqEnum(String name, String meaning, String... values) {
        return new Field(name, FieldType.ENUM, true, "", meaning, List.of(values));
    }

    public static Field optEnum(String name, String meaning, String... values) {
        return new Field(name, FieldType.ENUM, false, "", meaning, List.of(values));
    }
}

package org.livegov.metrics.conf;

import java.util.List;
import java.util.Map;

/**
 * Violation taxonomy: categories V01-V13 with their kind and default severity.
 * Source: {@code shared/domain.md} §3 (a LiveGov proposal, i.e. configuration, kept in
 * {@code conf/taxonomy.yaml}).
 *
 * @param version      taxonomy version stamped on every conformed violation
 * @param categories   code (upper case, e.g. {@code V04}) to category
 * @param seriousFrom  lowest severity counted as serious, e.g. {@code s3}
 */
public record Taxonomy(String version, Map<String, Category> categories, String seriousFrom) {

    /** Severities in increasing order. */
    public static final List<String> SEVERITIES = List.of("s1", "s2", "s3", "s4");

    /**
     * @param code     e.g. {@code V04}
     * @param label    English label
     * @param kind     {@code commodity}, {@code publicity} or {@code conduct} (attribution rule, domain.md §1)
     * @param severity default severity {@code s1}-{@code s4}
     */
    public record Category(String code, String label, String kind, String severity) {
    }

    /** Severities counted as serious or worse, e.g. {@code [s3, s4]}. */
    public List<String> seriousSeverities() {
        return SEVERITIES.subList(SEVERITIES.indexOf(seriousFrom), SEVERITIES.size());
    }
}

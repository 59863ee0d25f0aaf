package org.livegov.jobs.adapters;

import static org.livegov.jobs.adapters.LandingOutput.row;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.livegov.metrics.contract.Feed;

/**
 * Merchant register rows for companies known only by name (CFPB, FDA): one row per merchant id,
 * named by its most frequent spelling in the file (ties: the alphabetically first), so the name
 * does not depend on row order. {@code licence_displayed} is {@code true}: these sources say
 * nothing about licence display, and assuming a breach would invent V08 signals; the adapters
 * declare it assumed ({@link SourceAdapter#assumed()}), so the release does not score it. No USCC exists.
 */
final class CompanyRegister {
    private final Map<String, Map<String, Long>> spellings = new TreeMap<>();

    /** Records one occurrence of a company; ignored when the id is blank. */
    void add(String merchantId, String name) {
        if (!merchantId.isEmpty()) {
            spellings.computeIfAbsent(merchantId, k -> new TreeMap<>()).merge(name, 1L, Long::sum);
        }
    }

    /** Adds the merchant rows to the output, on the given (pseudo-)platform. */
    void registerAll(LandingOutput out, String platformId) {
        spellings.forEach((id, names) -> out.register(Feed.MERCHANTS, row(
                "merchant_id", id,
                "platform_id", platformId,
                "name", names.entrySet().stream()
                        .max(Map.Entry.<String, Long>comparingByValue()
                                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                        .orElseThrow().getKey(),
                "licence_displayed", "true")));
    }
}

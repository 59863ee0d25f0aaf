package org.livegov.jobs.generate;

import java.util.EnumMap;
import java.util.Map;
import org.livegov.metrics.contract.Feed;

/**
 * Key sequences per feed. Register keys are dense ({@code A0000001} ...); malformed rows take the
 * next keys of the same sequence, so they never collide with a valid key. Keys of fact rows
 * follow the order of generation.
 */
final class Ids {
    private final Map<Feed, Long> next = new EnumMap<>(Feed.class);
    private long unknownAnchors;

    /** Continues a feed's sequence after {@code used} keys. */
    void startAfter(Feed feed, long used) {
        next.put(feed, used);
    }

    /** The next key of a feed. */
    String next(Feed feed) {
        long n = next.merge(feed, 1L, Long::sum);
        return format(feed, n);
    }

    static String format(Feed feed, long n) {
        return switch (feed) {
            case PLATFORMS -> "P" + n;
            case MCNS -> pad("MCN", n, 5);
            case MERCHANTS -> pad("MR", n, 6);
            case ANCHORS -> pad("A", n, 7);
            case CONTRACTS -> pad("CT", n, 7);
            case BROADCASTS -> pad("BC", n, 9);
            case VIOLATIONS -> pad("VL", n, 8);
            case COMPLAINTS -> pad("CP", n, 8);
        };
    }

    private static String pad(String prefix, long n, int width) {
        String digits = Long.toString(n);
        StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    /** An anchor key that no anchor row carries (valid or malformed): {@code A9000001} ... */
    String unknownAnchor() {
        return format(Feed.ANCHORS, 9_000_000L + ++unknownAnchors);
    }
}

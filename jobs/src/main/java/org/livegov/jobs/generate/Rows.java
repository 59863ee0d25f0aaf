package org.livegov.jobs.generate;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;

/**
 * A row is a {@code String[]} holding a feed's fields in contract order ({@link Feed#fields()});
 * null is a blank cell. This class maps field names to positions.
 */
final class Rows {
    private static final Map<Feed, Map<String, Integer>> POSITIONS = new EnumMap<>(Feed.class);

    static {
        for (Feed feed : Feed.values()) {
            Map<String, Integer> m = new HashMap<>();
            List<Field> fields = feed.fields();
            for (int i = 0; i < fields.size(); i++) {
                m.put(fields.get(i).name(), i);
            }
            POSITIONS.put(feed, m);
        }
    }

    private Rows() {
    }

    /** Position of a field in the feed's rows. */
    static int col(Feed feed, String field) {
        Integer i = POSITIONS.get(feed).get(field);
        if (i == null) {
            throw new IllegalArgumentException("feed " + feed.feedName() + " has no field " + field);
        }
        return i;
    }

    static String[] blank(Feed feed) {
        return new String[feed.fields().size()];
    }

    static String key(Feed feed, String[] row) {
        return row[col(feed, feed.keyField())];
    }
}

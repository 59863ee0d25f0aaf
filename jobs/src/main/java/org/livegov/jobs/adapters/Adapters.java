package org.livegov.jobs.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.livegov.jobs.UserError;
import org.livegov.metrics.contract.Feed;

/** The registry of source adapters, by {@link SourceAdapter#source()} name. */
public final class Adapters {
    private static final List<SourceAdapter> ALL = List.of(
            new DouyinAdapter(), new CfpbAdapter(), new FdaAdapter(), new DsaAdapter());

    private Adapters() {
    }

    /** All adapters, in the order {@code douyin, cfpb, fda, dsa}. */
    public static List<SourceAdapter> all() {
        return ALL;
    }

    /** Valid source names, in registry order. */
    public static List<String> names() {
        return ALL.stream().map(SourceAdapter::source).toList();
    }

    /**
     * One field an adapter fills by assumption ({@link SourceAdapter#assumed()}).
     *
     * @param field      contract field name
     * @param filePrefix landing-relative name prefix of the files the adapter lands for the feed,
     *                   {@code <feed>/<source>-} (silver's {@code source_file} of their rows)
     */
    public record Assumed(String field, String filePrefix) {
    }

    /** The fields of a feed that some adapter fills by assumption, with the files they come from. */
    public static List<Assumed> assumedFrom(Feed feed) {
        List<Assumed> out = new ArrayList<>();
        for (SourceAdapter a : ALL) {
            for (String f : a.assumed().getOrDefault(feed, List.of())) {
                out.add(new Assumed(f, feed.feedName() + "/" + a.source() + "-"));
            }
        }
        return out;
    }

    /**
     * @param name source name, case-insensitive, e.g. {@code douyin}
     * @throws UserError when no adapter has that name; the message lists the valid ones
     */
    public static SourceAdapter byName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(a -> a.source().equals(n)).findFirst()
                .orElseThrow(() -> new UserError("unknown source '" + name + "'; valid sources: "
                        + String.join(", ", names())));
    }
}

package org.livegov.jobs.adapters;

import java.util.List;
import java.util.Locale;
import org.livegov.jobs.UserError;

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

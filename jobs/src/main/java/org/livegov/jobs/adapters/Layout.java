package org.livegov.jobs.adapters;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.livegov.jobs.UserError;

/**
 * One header layout in which a publisher ships a source: the publisher's name for it, where its
 * column names come from, which header column holds each field the adapter reads, and its date
 * rule. Each adapter declares its layouts in one list ({@code LAYOUTS}); {@link SourceCsv#open}
 * picks the one that fits the file's header ({@link #choose}).
 *
 * <p>Header names are compared trimmed and case-insensitively. A layout <em>fits</em> a header
 * when every required field's column is present; columns the layout does not know are ignored and
 * named in the import report ({@link AdapterReport#notes}). When several layouts fit, the one with
 * the fewest unknown columns wins, then the one with the fewest of its own columns absent, then the
 * first declared.
 *
 * @param name        the publisher's name for the layout, quoted in messages and reports, e.g.
 *                    {@code CFPB API (snake_case)}
 * @param origin      where the column names come from (documentation, a file), for docs/adapters.md
 * @param columns     field the adapter reads → header column in this layout, in the adapter's order
 * @param required    fields that must be present for the layout to fit; the others read as blank when
 *                    their column is absent
 * @param recognised  other columns of the layout that the adapter deliberately does not read (so they
 *                    are neither reported as ignored nor as unexpected)
 * @param datePatterns {@link DateTimeFormatter} patterns of this layout's date-only fields, tried in
 *                    order (e.g. {@code MM/dd/uuuu}); empty when the adapter reads timestamps itself
 */
public record Layout(String name, String origin, Map<String, String> columns, Set<String> required,
                     Set<String> recognised, List<String> datePatterns) {

    public Layout {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        required = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(required));
        recognised = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(recognised));
        datePatterns = List.copyOf(datePatterns);
        for (String f : required) {
            if (!columns.containsKey(f)) {
                throw new IllegalArgumentException(name + ": required field " + f + " has no column");
            }
        }
    }

    /**
     * A layout from alternating field / header pairs ({@code "company", "Company Name", ...}).
     *
     * @param requiredFields the fields that must be present, a subset of the pairs' fields
     */
    static Layout of(String name, String origin, List<String> fieldHeaderPairs, Collection<String> requiredFields,
                     Collection<String> recognised, List<String> datePatterns) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < fieldHeaderPairs.size(); i += 2) {
            columns.put(fieldHeaderPairs.get(i), fieldHeaderPairs.get(i + 1));
        }
        return new Layout(name, origin, columns, new LinkedHashSet<>(requiredFields), new LinkedHashSet<>(recognised),
                datePatterns);
    }

    /** A layout whose header names are the field names themselves. */
    static Layout sameNames(String name, String origin, List<String> fields, Collection<String> requiredFields,
                            Collection<String> recognised, List<String> datePatterns) {
        List<String> pairs = new ArrayList<>();
        fields.forEach(f -> {
            pairs.add(f);
            pairs.add(f);
        });
        return of(name, origin, pairs, requiredFields, recognised, datePatterns);
    }

    /** Every header column this layout knows (read or recognised), lower case. */
    Set<String> knownColumns() {
        Set<String> known = new LinkedHashSet<>();
        columns.values().forEach(c -> known.add(c.toLowerCase(Locale.ROOT)));
        recognised.forEach(c -> known.add(c.toLowerCase(Locale.ROOT)));
        return known;
    }

    /** Required header columns absent from a header (lower-cased names), in declaration order. */
    List<String> missing(Set<String> headerLower) {
        return required.stream().map(columns::get).filter(c -> !headerLower.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /** Header columns this layout does not know, in header order, as the file writes them. */
    List<String> unexpected(List<String> header) {
        Set<String> known = knownColumns();
        return header.stream().filter(h -> !h.isEmpty() && !known.contains(h.toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * A date-only field read with this layout's patterns. A pattern with a time and offset (the CFPB
     * API's {@code 2023-05-01T12:00:00-05:00}) gives the calendar date as written: the field is a date,
     * the time is the publisher's padding.
     *
     * @return the date, or empty when blank or in none of the patterns
     */
    Optional<LocalDate> date(String text) {
        String t = SourceValues.clean(text);
        for (String p : datePatterns) {
            try {
                return Optional.of(LocalDate.from(DateTimeFormatter.ofPattern(p, Locale.ROOT).parse(t)));
            } catch (DateTimeParseException e) {
                // next pattern
            }
        }
        return Optional.empty();
    }

    /** The layout chosen for a header, with the header columns it ignores. */
    record Match(Layout layout, List<String> ignored) {
    }

    /**
     * The layout that fits a header: all its required columns present; among several, the fewest
     * unknown columns, then the fewest of its own columns absent, then the first declared.
     *
     * @param source  adapter name, for the message
     * @param layouts the source's layouts, in declaration order
     * @param header  the file's header cells, trimmed
     * @param file    the file, for the message
     * @throws UserError when no layout fits, with one line naming the closest layout (fewest missing
     *     plus unexpected columns, then the first declared) and the columns that differ, e.g.
     *     {@code cfpb: header of x.csv matches no known layout; closest is "CFPB API (snake_case)":
     *     missing [timely], unexpected [timely_response]}
     */
    static Match choose(String source, List<Layout> layouts, List<String> header, Path file) {
        Set<String> lower = new LinkedHashSet<>();
        header.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
        Optional<Layout> fit = layouts.stream().filter(l -> l.missing(lower).isEmpty())
                .min(Comparator.<Layout>comparingInt(l -> l.unexpected(header).size())
                        .thenComparingInt(l -> (int) l.knownColumns().stream().filter(c -> !lower.contains(c)).count()));
        if (fit.isPresent()) {
            return new Match(fit.get(), fit.get().unexpected(header));
        }
        Layout closest = layouts.stream()
                .min(Comparator.comparingInt(l -> l.missing(lower).size() + l.unexpected(header).size())).orElseThrow();
        throw new UserError(source + ": header of " + file + " matches no known layout; closest is \"" + closest.name()
                + "\": missing " + closest.missing(lower) + ", unexpected " + closest.unexpected(header));
    }
}

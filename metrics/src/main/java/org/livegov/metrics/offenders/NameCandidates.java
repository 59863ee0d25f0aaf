package org.livegov.metrics.offenders;

import org.livegov.metrics.ids.SubjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.livegov.metrics.ids.CompanyNames;

/**
 * Review candidates from company names, for sources that carry only names (e.g. FDA letters):
 * a name match is never merged into a subject, only proposed with its evidence. Pure: no Spark.
 *
 * <p>Kinds (names normalised by {@link CompanyNames#key}: case, punctuation, accents, legal
 * suffixes, d/b/a aliases):
 * <ul>
 *   <li>{@code spelling_variants}: several spellings share one normalised name (and so, for the
 *       name-keyed adapters, one subject): the merge the key made is shown for review;</li>
 *   <li>{@code same_name_other_keys}: subjects with different keys (e.g. a USCC-keyed merchant and
 *       a name-keyed one) share a normalised name: possibly one company;</li>
 *   <li>{@code dba_alias}: one name says "A d/b/a B", and B is the normalised name of another
 *       subject: the trade name B may be the legal entity A.</li>
 * </ul>
 * A candidate always involves a subject without an identifier (a name-keyed subject such as an
 * FDA letter's, or a platform's own account id): among {@code person:} and {@code uscc:} keys the
 * identity number or USCC already decides who is who, so their shared names and their spellings
 * are not proposed. A name shared by more than {@code maxSubjects} subjects is a common name
 * (阿强, "Global Goods Trading") and not evidence of one subject, so it is not proposed either.
 * Source: the matching rule; {@code maxSubjects}: configuration
 * ({@code name_review.max_subjects} in conf/offenders.yaml).
 * The normalisation is documented in docs/adapters.md.
 */
public final class NameCandidates {
    private NameCandidates() {
    }

    /**
     * One subject's name as a source wrote it.
     *
     * @param subjectKey   cross-platform key of the subject
     * @param name         the name as written
     * @param violationIds violations that carry this spelling
     */
    public record Named(String subjectKey, String name, List<String> violationIds) {
    }

    /**
     * @param kind         spelling_variants, same_name_other_keys, dba_alias
     * @param nameKey      the normalised name matched on
     * @param subjectKeys  subjects involved, sorted
     * @param names        spellings involved, sorted
     * @param violationIds violations carrying them, sorted
     * @param evidence     one sentence a reviewer can check
     */
    public record Candidate(String kind, String nameKey, List<String> subjectKeys, List<String> names,
                            List<String> violationIds, String evidence) {
    }

    /**
     * @param named       subjects' spellings (blank names are ignored)
     * @param maxSubjects a match of more subjects than this is a common name, not proposed (at least 2)
     * @return candidates ordered by kind then name key
     * @throws IllegalArgumentException when {@code maxSubjects < 2}
     */
    public static List<Candidate> find(List<Named> named, int maxSubjects) {
        if (maxSubjects < 2) {
            throw new IllegalArgumentException("maxSubjects must be at least 2, not " + maxSubjects);
        }
        Map<String, List<Named>> byKey = new TreeMap<>();
        for (Named n : named) {
            String k = CompanyNames.key(n.name());
            if (!k.isEmpty()) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(n);
            }
        }
        List<Candidate> out = new ArrayList<>();
        byKey.forEach((k, ns) -> {
            Set<String> names = new TreeSet<>();
            Set<String> subjects = new TreeSet<>();
            ns.forEach(n -> {
                names.add(n.name());
                subjects.add(n.subjectKey());
            });
            if (subjects.size() > 1) {
                if (reviewable(subjects, maxSubjects)) {
                    out.add(candidate("same_name_other_keys", k, ns, subjects.size() + " subjects " + subjects
                            + " share the normalised name '" + k + "'"));
                }
            } else if (names.size() > 1 && !identified(subjects.iterator().next())) {
                out.add(candidate("spelling_variants", k, ns, names.size() + " spellings normalise to '" + k
                        + "' and were taken as one subject " + subjects.iterator().next()));
            }
        });
        for (Named n : named) {
            for (String alias : CompanyNames.aliasKeys(n.name())) {
                List<Named> other = byKey.getOrDefault(alias, List.of()).stream()
                        .filter(o -> !o.subjectKey().equals(n.subjectKey())).toList();
                List<Named> involved = new ArrayList<>(other);
                involved.add(n);
                if (!other.isEmpty() && reviewable(new TreeSet<>(involved.stream().map(Named::subjectKey).toList()), maxSubjects)) {
                    out.add(candidate("dba_alias", alias, involved, "'" + n.name() + "' (" + n.subjectKey()
                            + ") names '" + alias + "' as its trade name, which is the name of "
                            + new TreeSet<>(other.stream().map(Named::subjectKey).toList())));
                }
            }
        }
        // one dba_alias candidate per (alias, subjects): several letters with the same d/b/a give one
        Map<String, Candidate> unique = new TreeMap<>();
        for (Candidate c : out) {
            unique.merge(c.kind() + "|" + c.nameKey() + "|" + c.subjectKeys(), c, (a, b) -> merge(a, b));
        }
        return List.copyOf(unique.values());
    }

    /** Keyed by an identifier (identity number or USCC), not by a name or a platform's own id. */
    static boolean identified(String subjectKey) {
        return SubjectKey.crossPlatform(subjectKey);
    }

    /** Some subject lacks an identifier, and the name is not a common one. */
    private static boolean reviewable(Set<String> subjectKeys, int maxSubjects) {
        return subjectKeys.size() <= maxSubjects && !subjectKeys.stream().allMatch(NameCandidates::identified);
    }

    private static Candidate candidate(String kind, String key, List<Named> ns, String evidence) {
        Set<String> subjects = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        Set<String> ids = new TreeSet<>();
        ns.forEach(n -> {
            subjects.add(n.subjectKey());
            names.add(n.name());
            ids.addAll(n.violationIds());
        });
        return new Candidate(kind, key, List.copyOf(subjects), List.copyOf(names), List.copyOf(ids), evidence);
    }

    private static Candidate merge(Candidate a, Candidate b) {
        Set<String> names = new TreeSet<>(a.names());
        names.addAll(b.names());
        Set<String> ids = new TreeSet<>(a.violationIds());
        ids.addAll(b.violationIds());
        return new Candidate(a.kind(), a.nameKey(), a.subjectKeys(), List.copyOf(names), List.copyOf(ids), a.evidence());
    }
}

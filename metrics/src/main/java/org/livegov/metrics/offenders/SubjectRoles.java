package org.livegov.metrics.offenders;

import java.util.List;
import java.util.TreeSet;

/**
 * The roles of one listed subject. A subject is one key ({@link org.livegov.metrics.gold.SubjectKeys}):
 * a merchant account and an MCN with the same USCC are one legal person, {@code uscc:<USCC>}, and
 * one subject with both roles, never two candidates. Pure: no Spark, no I/O.
 *
 * <p>Source: a USCC identifies one legal person (GB 32100-2015), and SAMR Order 44 lists the legal
 * person, not one of its accounts (domain.md §2); the precedence of {@link #primary} is
 * configuration-free and explained there.
 */
public final class SubjectRoles {
    /**
     * Precedence of {@link #primary}: merchant first, because the public list is the list of
     * business operators (SAMR Order 44) and a merchant role is what puts a USCC on it; then mcn,
     * anchor, platform. A person ({@code person:}) only ever has the anchor role.
     */
    public static final List<String> PRECEDENCE = List.of("merchant", "mcn", "anchor", "platform");

    private SubjectRoles() {
    }

    /**
     * @param acts the violations a listing rests on (its evidence), any order
     * @return their distinct {@code subject_role}s, sorted alphabetically (e.g. {@code [mcn, merchant]});
     *     empty for no acts
     */
    public static List<String> of(List<OffenderViolation> acts) {
        TreeSet<String> roles = new TreeSet<>();
        acts.forEach(v -> roles.add(v.subjectRole()));
        return List.copyOf(roles);
    }

    /**
     * The single role stored in {@code subject_role} (the column reports and the platform hand-over
     * group by): the first of {@link #PRECEDENCE} among {@code roles}. Not a count: a USCC with
     * merchant and MCN acts is a merchant whatever the numbers of each.
     *
     * @param roles the subject's roles, non-empty
     * @return one of them
     * @throws IllegalArgumentException when {@code roles} is empty or holds an unknown role
     */
    public static String primary(List<String> roles) {
        for (String r : PRECEDENCE) {
            if (roles.contains(r)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no known role among " + roles);
    }
}

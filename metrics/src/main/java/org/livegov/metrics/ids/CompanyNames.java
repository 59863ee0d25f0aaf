package org.livegov.metrics.ids;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic keys from company names as regulators and complaint offices write them, so that
 * "Alohma LLC d/b/a Kure CBD &amp; Vape" and "Alohma, LLC, d/b/a Kure CBD &amp; Vape" are one
 * subject. The rule, in order:
 * <ol>
 *   <li>keep the legal name: cut at "d/b/a" (also dba, d.b.a., doing business as), "a/k/a",
 *       "f/k/a", "formerly", "previously", "subsidiary of", "t/a", "trading as";</li>
 *   <li>Unicode NFKD, drop accents, lower case, "&amp;" becomes "and";</li>
 *   <li>delete apostrophes and dots (so "Woody’s" = "Woody's" = "woodys", "L.L.C." = "LLC");
 *       every other character that is not a letter or digit separates words;</li>
 *   <li>drop a leading "the"; drop trailing legal-form words (Inc, Incorporated, LLC, Ltd,
 *       Limited, Co, Corp, Corporation, Company, PLC, LP, LLP, PLLC, PC, GmbH, AG, SA, SAS, SARL,
 *       SRL, SpA, BV, NV, Pty, Pvt, Private, KG) and a dangling "and", repeatedly — unless
 *       nothing would remain;</li>
 *   <li>join the words with "-".</li>
 * </ol>
 * Known limits: a letter naming only the trade name ("Kure CBD &amp; Vape") gets a different key
 * from one naming the legal entity; different legal forms with one name ("Smoke and Vape Inc",
 * "Smoke and Vape LLC") share a key.
 */
public final class CompanyNames {
    private static final String MARKERS = "(?:\\bd\\s*/\\s*b\\s*/\\s*a\\b|\\bd\\.\\s*b\\.\\s*a\\b|\\bdba\\b|\\bdoing business as\\b"
            + "|\\ba\\s*/\\s*k\\s*/\\s*a\\b|\\baka\\b|\\bf\\s*/\\s*k\\s*/\\s*a\\b|\\bfka\\b|\\bformerly\\b"
            + "|\\bpreviously\\b|\\bsubsidiary of\\b|\\bt\\s*/\\s*a\\b|\\btrading as\\b)";
    private static final Pattern ALIAS = Pattern.compile("\\s*,?\\s*" + MARKERS + ".*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile(MARKERS, Pattern.CASE_INSENSITIVE);
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");
    private static final Pattern DELETED = Pattern.compile("['’‘`.]");
    private static final Set<String> LEGAL_FORMS = Set.of("inc", "incorporated", "incorporation", "llc", "ltd",
            "limited", "co", "corp", "corporation", "company", "plc", "lp", "llp", "pllc", "pc", "gmbh", "ag", "sa",
            "sas", "sarl", "srl", "spa", "bv", "nv", "pty", "pvt", "private", "kg");

    private CompanyNames() {
    }

    /**
     * The legal-name part: the text before the first d/b/a-style alias marker, trimmed; the whole
     * name when nothing stands before the marker.
     */
    public static String legalName(String name) {
        String whole = name == null ? "" : name.strip();
        String legal = ALIAS.matcher(whole).replaceFirst("").strip();
        return legal.isEmpty() ? whole : legal;
    }

    /**
     * @param name company name as the source wrote it; null or blank allowed
     * @return the key, lower-case words joined by "-", e.g. {@code alohma}, {@code eli-lilly};
     *     {@code ""} when the name has no letters or digits
     */
    public static String key(String name) {
        String s = Normalizer.normalize(legalName(name), Normalizer.Form.NFKD);
        s = ACCENTS.matcher(s).replaceAll("").toLowerCase(Locale.ROOT).replace("&", " and ");
        s = DELETED.matcher(s).replaceAll("");
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isLetterOrDigit(c) ? c : ' '));
        List<String> words = new ArrayList<>(Arrays.asList(b.toString().trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        if (words.size() > 1 && words.get(0).equals("the")) {
            words.remove(0);
        }
        int end = words.size();
        while (end > 0 && (LEGAL_FORMS.contains(words.get(end - 1)) || words.get(end - 1).equals("and"))) {
            end--;
        }
        return String.join("-", end == 0 ? words : words.subList(0, end));
    }

    /**
     * The keys of the names that follow a d/b/a-style marker ("Alohma LLC d/b/a Kure CBD &amp; Vape"
     * gives {@code [kure-cbd-and-vape]}), in order, without blanks or repeats; empty when the name
     * has no marker. Used to propose (never to merge) that a trade name and a legal name are one
     * subject.
     *
     * @param name company name as the source wrote it; null or blank allowed
     */
    public static List<String> aliasKeys(String name) {
        String whole = name == null ? "" : name.strip();
        Matcher m = MARKER.matcher(whole);
        List<String> parts = new ArrayList<>();
        int start = -1;
        while (m.find()) {
            if (start < 0 && whole.substring(0, m.start()).isBlank()) {
                return List.of(); // "DBA Holdings": the marker is the name itself
            }
            if (start >= 0) {
                parts.add(whole.substring(start, m.start()));
            }
            start = m.end();
        }
        if (start >= 0) {
            parts.add(whole.substring(start));
        }
        List<String> keys = new ArrayList<>();
        for (String p : parts) {
            String k = key(p.replaceAll("^[\\s,;:]+", ""));
            if (!k.isEmpty() && !keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }
}

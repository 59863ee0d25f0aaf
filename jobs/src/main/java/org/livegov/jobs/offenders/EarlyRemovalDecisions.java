package org.livegov.jobs.offenders;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.livegov.jobs.UserError;
import org.livegov.metrics.offenders.EarlyRemovalDecision;

/**
 * Reads the regulator's early-removal decisions: every {@code <landing>/_decisions/early_removal*.csv}
 * (the folder starts with {@code _}, so the landing scanner ignores it), CSV (RFC 4180, parsed by
 * Jackson's CSV module: quoted cells, a BOM and CRLF line ends are accepted), UTF-8, header exactly
 * {@code listing_id,decision_ref,decided_on}, one decision per line, {@code decided_on} a Beijing
 * date {@code yyyy-MM-dd}. All files are read every run; a decision already taken into account
 * changes nothing (the listing records it as {@code decision_ref}).
 */
public final class EarlyRemovalDecisions {
    public static final String FOLDER = "_decisions";
    static final List<String> HEADER = List.of("listing_id", "decision_ref", "decided_on");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private EarlyRemovalDecisions() {
    }

    /**
     * @param landing landing folder (any Hadoop URI)
     * @return the decisions, in file then line order; empty when the folder is absent
     * @throws UserError naming the file (and line) on an empty file, a wrong header, a missing cell,
     *     a bad date, a listing id without {@code #seq}, a decision reference used twice, or an
     *     unreadable file
     */
    public static List<EarlyRemovalDecision> read(String landing, Configuration hadoop) {
        List<EarlyRemovalDecision> out = new ArrayList<>();
        Path dir = new Path(landing, FOLDER);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                return out;
            }
            FileStatus[] files = fs.listStatus(dir, p -> p.getName().startsWith("early_removal") && p.getName().endsWith(".csv"));
            Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            Set<String> refs = new HashSet<>();
            for (FileStatus f : files) {
                try (Reader r = new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8)) {
                    readFile(f.getPath().toString(), r, refs, out);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UserError(dir + ": cannot read early-removal decisions: " + e.getMessage());
        }
    }

    /** One file's decisions; {@code refs} collects decision references across files. */
    static void readFile(String where, Reader r, Set<String> refs, List<EarlyRemovalDecision> out) throws IOException {
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(r)) {
            if (!rows.hasNext()) {
                throw new UserError(where + ": the file is empty; it needs the header " + String.join(",", HEADER));
            }
            List<String> header = Arrays.stream(rows.next()).map(c -> c.replace("\uFEFF", "").trim()).toList();
            if (!header.equals(HEADER)) {
                throw new UserError(where + ":1: the header is " + String.join(",", header) + "; early-removal decisions need "
                        + String.join(",", HEADER));
            }
            int n = 1;
            while (rows.hasNext()) {
                String[] c = rows.next();
                n++;
                if (Arrays.stream(c).allMatch(String::isBlank)) {
                    continue;
                }
                if (c.length != 3 || Arrays.stream(c).anyMatch(String::isBlank)) {
                    throw new UserError(where + ":" + n + ": expected 3 non-blank cells listing_id,decision_ref,decided_on");
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(c[2].trim());
                } catch (DateTimeParseException e) {
                    throw new UserError(where + ":" + n + ": decided_on must be yyyy-MM-dd, not " + c[2].trim());
                }
                if (!c[0].trim().matches(".+#\\d+")) {
                    throw new UserError(where + ":" + n + ": listing_id looks like <subject_key>#<seq>, not " + c[0].trim());
                }
                if (!refs.add(c[1].trim())) {
                    throw new UserError(where + ":" + n + ": decision_ref " + c[1].trim() + " appears twice");
                }
                out.add(new EarlyRemovalDecision(c[0].trim(), c[1].trim(), day));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(where + ": not readable as CSV: " + e.getOriginalMessage());
        }
    }

    /**
     * Every decision must name a listing the list holds: a mistyped id would otherwise be ignored
     * without a word.
     *
     * @param decisions  the decisions read
     * @param listingIds every {@code listing_id} of {@code gold/offender_listings} (any state)
     * @throws UserError naming the first decision whose listing is unknown
     */
    public static void requireKnownListings(List<EarlyRemovalDecision> decisions, Collection<String> listingIds) {
        Set<String> known = new HashSet<>(listingIds);
        for (EarlyRemovalDecision d : decisions) {
            if (!known.contains(d.listingId())) {
                throw new UserError("early-removal decision " + d.decisionRef() + " names listing " + d.listingId()
                        + ", which gold/offender_listings does not hold; correct its listing_id in " + FOLDER
                        + " (the listing ids are in the repeat-offenders notebook) or remove the line");
            }
        }
    }
}

package org.livegov.jobs.offenders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * (the folder starts with {@code _}, so the landing scanner ignores it), UTF-8, header exactly
 * {@code listing_id,decision_ref,decided_on}, one decision per line, {@code decided_on} a Beijing
 * date {@code yyyy-MM-dd}. All files are read every run; a decision already applied changes
 * nothing (it is recorded on the listing as {@code decision_ref}).
 */
public final class EarlyRemovalDecisions {
    public static final String FOLDER = "_decisions";
    static final List<String> HEADER = List.of("listing_id", "decision_ref", "decided_on");

    private EarlyRemovalDecisions() {
    }

    /**
     * @param landing landing folder (any Hadoop URI)
     * @return the decisions, in file then line order; empty when the folder is absent
     * @throws UserError naming the file and line on a wrong header, a missing cell, a bad date, a
     *     decision reference used twice, or an unreadable file
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
                try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
                    String header = r.readLine();
                    String where = f.getPath().toString();
                    if (header == null || !List.of(header.replace("\uFEFF", "").trim().split("\\s*,\\s*")).equals(HEADER)) {
                        throw new UserError(where + ": early-removal decisions need the header " + String.join(",", HEADER));
                    }
                    String line;
                    int n = 1;
                    while ((line = r.readLine()) != null) {
                        n++;
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] c = line.split(",", -1);
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
                }
            }
            return out;
        } catch (IOException e) {
            throw new UserError(dir + ": cannot read early-removal decisions: " + e.getMessage());
        }
    }
}

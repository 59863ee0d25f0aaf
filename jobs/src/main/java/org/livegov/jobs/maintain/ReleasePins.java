package org.livegov.jobs.maintain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.livegov.jobs.UserError;

/**
 * The Delta versions that published releases still point to: every
 * {@code <warehouse>/releases/<quarter>/manifest.json} holds, under {@code "tables"} (or, when
 * that field is absent, at its top level), a map of table path to the Delta version the release
 * read, e.g. {@code {"tables": {"gold/platform_monthly": 12, "silver/broadcasts": 40}}}. A path is
 * relative to the warehouse or absolute (then it must lie under the warehouse).
 */
public final class ReleasePins {
    private ReleasePins() {
    }

    /**
     * @param warehouse qualified warehouse root, e.g. {@code file:/data/warehouse}
     * @return per table (relative path, e.g. {@code silver/broadcasts}), the oldest version any
     *     release pins; empty when there is no releases folder
     * @throws UserError when a manifest is unreadable, or pins a non-integer or negative version
     */
    public static Map<String, Long> oldestPinned(String warehouse, Configuration hadoop) {
        Map<String, Long> oldest = new TreeMap<>();
        Path releases = new Path(warehouse, "releases");
        ObjectMapper json = new ObjectMapper();
        try {
            FileSystem fs = releases.getFileSystem(hadoop);
            if (!fs.exists(releases)) {
                return oldest;
            }
            for (FileStatus release : fs.listStatus(releases)) {
                Path manifest = new Path(release.getPath(), "manifest.json");
                if (!release.isDirectory() || !fs.exists(manifest)) {
                    continue;
                }
                JsonNode root;
                try (var in = fs.open(manifest)) {
                    root = json.readTree(in);
                } catch (IOException e) {
                    throw new UserError(manifest + ": unreadable release manifest (" + e.getMessage()
                            + "); maintenance refuses to vacuum while a release's pins are unknown");
                }
                JsonNode tables = root.has("tables") ? root.get("tables") : root;
                for (Map.Entry<String, JsonNode> e : tables.properties()) {
                    if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                        if (root.has("tables")) {
                            throw new UserError(manifest + ": table " + e.getKey() + " pins '" + e.getValue()
                                    + "', not a Delta version; maintenance refuses to vacuum");
                        }
                        continue; // top-level form: other fields (quarter, created_at...) are not pins
                    }
                    oldest.merge(relative(warehouse, e.getKey(), manifest), e.getValue().asLong(), Math::min);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + releases + ": " + e.getMessage());
        }
        return oldest;
    }

    /** The table path relative to the warehouse, without scheme or trailing slash. */
    static String relative(String warehouse, String table, Path manifest) {
        String root = strip(warehouse);
        String t = strip(table);
        if (t.startsWith("/")) {
            if (!t.startsWith(root + "/")) {
                throw new UserError(manifest + ": table " + table + " is not under the warehouse " + warehouse);
            }
            t = t.substring(root.length() + 1);
        }
        return t;
    }

    private static String strip(String p) {
        String s = p.replaceFirst("^file:(//)?", "").replaceAll("/+$", "");
        return s.startsWith("//") ? s.substring(1) : s;
    }
}

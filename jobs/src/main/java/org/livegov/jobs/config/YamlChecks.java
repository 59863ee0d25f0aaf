package org.livegov.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.livegov.jobs.UserError;

/**
 * Checks shared by the configuration loaders ({@link ConfigLoader}, {@link IndicatorCatalogueLoader},
 * {@link TrendConfigLoader}) on a parsed YAML tree. Every failure is a {@link UserError} of one
 * line: {@code <file>: <key path>: <what is wrong>}.
 */
final class YamlChecks {
    private YamlChecks() {
    }

    /**
     * @return the mapping under {@code key}
     * @throws UserError {@code <file>: <key>: missing section} when it is absent or not a mapping
     */
    static JsonNode section(Path file, JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || !n.isObject()) {
            throw new UserError(file + ": " + key + ": missing section");
        }
        return n;
    }

    /**
     * A misspelt key must not pass silently as "missing" or be ignored.
     *
     * @param prefix key path of {@code node} with a trailing dot ({@code ""} at the top level)
     * @throws UserError naming the first unknown key and the known ones (sorted)
     */
    static void onlyKnown(Path file, JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new UserError(file + ": unknown key " + prefix + k + "; known keys here: " + new TreeSet<>(known));
            }
        });
    }

    /**
     * @param full the key's path for the message, e.g. {@code periods.early_removal_blocked_from}
     * @return the scalar under {@code key}, trimmed
     * @throws UserError {@code <file>: <full>: missing value} when it is absent, null, not a scalar or blank
     */
    static String text(Path file, JsonNode parent, String key, String full) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
            throw new UserError(file + ": " + full + ": missing value");
        }
        return n.asText().trim();
    }
}

package org.livegov.jobs.adapters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.livegov.metrics.contract.Feed;

/**
 * Converts one real public file into LiveGov's input contracts ({@link
 * org.livegov.metrics.contract.Feed}): contract-format CSV files in the landing folder, with the
 * register rows (platforms, anchors, merchants) its facts reference. Adapters map; they do not
 * validate: a value that cannot be mapped is landed as the source wrote it, so that the nightly
 * pipeline quarantines the row with a reason. Only rows without any information are dropped, and
 * counted. Mappings are documented per source in {@code docs/adapters.md}.
 */
public interface SourceAdapter {

    /** Source name as given to {@code livegov import --source}, lower case. */
    String source();

    /**
     * Adapts one file. Output files are named after the source and the input's base name
     * ({@code <landing>/<feed>/<source>-<base>.csv}) and replace earlier ones of the same name, so
     * importing the same file again lands identical content.
     *
     * @param input   the source file (CSV, UTF-8 or GB18030, any line ending)
     * @param landing landing folder root; feed sub-folders are created when missing
     * @return counts of rows read, written per feed and dropped per reason
     * @throws org.livegov.jobs.UserError when the file is not this source's format (a required
     *     column is missing) or its CSV is broken
     * @throws IOException when reading or writing fails
     */
    AdapterReport adapt(Path input, Path landing) throws IOException;

    /**
     * Contract fields this adapter fills with an assumed value because the contract requires one
     * and the source has none (documented per source in {@code docs/adapters.md}). They are not
     * evidence: the benchmark release reads them as not reported, so the indicators built on them
     * are "not available" for the source's platform instead of computed from the assumption
     * ({@link Adapters#assumedFrom}).
     *
     * @return feed → field names; empty by default
     */
    default Map<Feed, List<String>> assumed() {
        return Map.of();
    }
}

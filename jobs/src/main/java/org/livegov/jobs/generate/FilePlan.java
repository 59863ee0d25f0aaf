package org.livegov.jobs.generate;

import java.time.LocalDate;
import org.livegov.metrics.contract.Feed;

/**
 * Names and formats of the files a run writes, decided up front (so a run can refuse to mix with
 * an earlier one before writing anything). Day files: {@code <feed>/<feed>-<yyyy-MM-dd>.<ext>};
 * about 78 % CSV UTF-8, 8 % CSV UTF-8 with BOM, 8 % CSV GB18030 (CRLF), 6 % JSON Lines, drawn
 * per feed and day from the seed. Registers have fixed formats (platforms JSON Lines, MCNs CSV
 * with BOM, merchants CSV GB18030, anchors and contracts CSV UTF-8).
 */
final class FilePlan {
    private FilePlan() {
    }

    static String dayBase(Feed feed, LocalDate day) {
        return feed.feedName() + "-" + day;
    }

    static FileFormat dayFormat(long seed, Feed feed, LocalDate day) {
        double u = Rand.derive(seed, "format-" + feed.feedName(), day.toEpochDay()).uniform();
        return u < 0.06 ? FileFormat.JSONL
                : u < 0.14 ? FileFormat.CSV_UTF8_BOM
                : u < 0.22 ? FileFormat.CSV_GB18030
                : FileFormat.CSV_UTF8;
    }

    static String historyBase(LocalDate first, LocalDate last) {
        return "history-" + first + "_" + last;
    }

    static FileFormat registerFormat(Feed feed) {
        return switch (feed) {
            case PLATFORMS -> FileFormat.JSONL;
            case MCNS -> FileFormat.CSV_UTF8_BOM;
            case MERCHANTS -> FileFormat.CSV_GB18030;
            default -> FileFormat.CSV_UTF8;
        };
    }

    /** Register snapshot taken at the end of the reference quarter, e.g. {@code anchors-2026-06-30}. */
    static String registerBase(Feed feed) {
        return feed.feedName() + "-" + Registers.REF_TO;
    }

    /** Contracts as they stood before the reference quarter, e.g. {@code contracts-2026-03-31}. */
    static String contractsBeforeBase() {
        return Feed.CONTRACTS.feedName() + "-" + Registers.REF_FROM.minusDays(1);
    }
}

package org.livegov.jobs.generate;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.livegov.jobs.UserError;
import org.livegov.metrics.contract.Feed;

/**
 * The landing folder being written: {@code <root>/<feed>/<file>}. Opens writers, refuses to
 * overwrite earlier output, and lists what was written.
 */
final class Landing {
    private final Path root;
    private final List<GenerationReport.FileEntry> files = new ArrayList<>();

    /** @throws UserError when the folder cannot be created or written */
    Landing(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".livegov-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw failure(root, e);
        }
    }

    Path root() {
        return root;
    }

    /**
     * @throws UserError when the feed folder already holds {@code baseName.<any extension>}, i.e.
     *     the landing folder has output of an earlier run for the same feed and day
     */
    void checkFree(Feed feed, String baseName) {
        Path dir = root.resolve(feed.feedName());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, baseName + ".*")) {
            for (Path p : ds) {
                throw new UserError(root.relativize(p) + " already exists in the landing folder " + root
                        + "; generate into an empty folder (--landing) or remove the old files");
            }
        } catch (IOException e) {
            throw failure(dir, e);
        }
    }

    /** Opens {@code <root>/<feed>/<baseName>.<ext>} for writing. */
    FeedWriter open(Feed feed, String baseName, FileFormat format) {
        Path dir = root.resolve(feed.feedName());
        Path file = dir.resolve(baseName + "." + format.extension());
        try {
            Files.createDirectories(dir);
            return new FeedWriter(this, file, feed, format);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    void closed(FeedWriter w, long bytes) {
        files.add(new GenerationReport.FileEntry(root.relativize(w.file()).toString().replace('\\', '/'),
                w.feed().feedName(), w.format().extension(), w.format().encodingLabel(), w.format().lineEnding(),
                w.rows(), bytes));
    }

    /** Files written so far, sorted by path. */
    List<GenerationReport.FileEntry> files() {
        List<GenerationReport.FileEntry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(GenerationReport.FileEntry::path));
        return sorted;
    }

    /** A one-line, actionable error for an I/O failure on {@code path}. */
    static UserError failure(Path path, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException ? "a parent is missing or not a folder"
                : e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new UserError("cannot write " + path + " (" + reason
                + "); choose a writable landing folder with --landing, or free disk space", e);
    }
}

package org.livegov.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run at a time per warehouse: a lock file {@code _control/lock} created atomically
 * (create-if-absent). A second run stops with a message naming the holder. A lock left by a
 * process that died (same host, process gone) is taken over, so a killed run never blocks the
 * next one. The folders the lock had to create (the warehouse root and {@code _control} of a new
 * warehouse) are removed again on release when the run left them empty: a night refused before its
 * first write leaves no trace.
 */
public final class RunLock implements AutoCloseable {
    private final FileSystem fs;
    private final Path path;
    /** Folders that did not exist before the lock, deepest first. */
    private final List<Path> created;

    private RunLock(FileSystem fs, Path path, List<Path> created) {
        this.fs = fs;
        this.path = path;
        this.created = created;
    }

    /**
     * @throws UserError when another live run holds the lock
     */
    public static RunLock acquire(String warehouse, Configuration conf, String runId) {
        try {
            Path p = new Path(warehouse + "/_control/lock");
            FileSystem fs = p.getFileSystem(conf);
            String host = InetAddress.getLocalHost().getHostName();
            String me = host + " " + ProcessHandle.current().pid() + " " + runId;
            List<Path> created = new ArrayList<>();
            for (Path d = p.getParent(); d != null && created.size() < 2 && !fs.exists(d); d = d.getParent()) {
                created.add(d); // _control, then the warehouse root
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                try (OutputStream os = fs.create(p, false)) {
                    os.write(me.getBytes(StandardCharsets.UTF_8));
                    return new RunLock(fs, p, created);
                } catch (FileAlreadyExistsException e) {
                    String holder;
                    try (var in = fs.open(p)) {
                        holder = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    }
                    String[] parts = holder.split(" ");
                    boolean deadHere = parts.length >= 2 && parts[0].equals(host)
                            && ProcessHandle.of(Long.parseLong(parts[1])).map(ph -> !ph.isAlive()).orElse(true);
                    if (!deadHere) {
                        throw new UserError("another LiveGov run holds " + p + " (" + holder
                                + "); wait for it to finish, or remove the file if no run is alive");
                    }
                    fs.delete(p, false); // holder died: take over
                }
            }
            throw new UserError("could not take the run lock " + p);
        } catch (IOException e) {
            throw new UserError("cannot create the run lock in " + warehouse + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(path, false);
            for (Path d : created) {
                Warehouse.removeIfEmpty(fs, d);
            }
        } catch (IOException e) {
            // the next run takes over a dead holder's lock
        }
    }
}

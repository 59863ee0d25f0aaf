package org.livegov.jobs.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * LiveGov run as a separate JVM ({@code org.livegov.jobs.LiveGov} on the test JVM's class path,
 * with the --add-opens flags Spark needs on Java 17), 1 GiB heap, its stdout and stderr captured
 * line by line (also copied to files, so that a test can scan them). Used by the tests that must
 * kill the job (SIGKILL via {@link Process#destroyForcibly()}) or change its environment.
 */
final class ChildJob implements AutoCloseable {
    static final String KEY = org.livegov.jobs.Fixtures.KEY_TEXT;
    static final List<String> OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    /**
     * @param env     changes to the inherited environment: a null value removes the variable
     * @param logDir  receives stdout.txt and stderr.txt
     * @param args    LiveGov arguments
     */
    ChildJob(Map<String, String> env, Path logDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(OPENS);
        cmd.add("-Duser.timezone=UTC");
        cmd.add("-Dlog4j2.configurationFile=" + Path.of("..", "conf", "log4j2.properties").toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.livegov.jobs.LiveGov");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Files.createDirectories(logDir);
        process = pb.start();
        outPump = pump(process.getInputStream(), out, logDir.resolve("stdout.txt"));
        errPump = pump(process.getErrorStream(), err, logDir.resolve("stderr.txt"));
    }

    private static Thread pump(java.io.InputStream in, List<String> sink, Path copy) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                 var w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(line);
                        sink.notifyAll();
                    }
                    w.write(line);
                    w.newLine();
                    w.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a stdout line equals {@code line}; false when the process ended or the time ran out. */
    boolean awaitLine(String line, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (out) {
            while (!out.contains(line)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !outPumpAlive())) {
                    return out.contains(line);
                }
                out.wait(Math.min(left, 500));
            }
            return true;
        }
    }

    private boolean outPumpAlive() {
        return outPump.isAlive();
    }

    /** SIGKILL on Linux; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Waits for the exit, then for both pumps to drain; returns the exit code. */
    int await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("child LiveGov did not finish within " + timeoutSeconds + " s; stdout " + stdout()
                    + " stderr " + stderr());
        }
        outPump.join(10_000);
        errPump.join(10_000);
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

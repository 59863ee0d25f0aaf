package org.livegov.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.UserError;
import picocli.CommandLine;

/**
 * {@code --landing} keeps a Hadoop URI as given (issue 16: the first spark-submit against HDFS failed
 * with "Pathname /127.0.0.1:17110/livegov/landing from hdfs://127.0.0.1:17110/127.0.0.1:17110/livegov/landing
 * is not a valid DFS filename", because the option was a java.nio Path, which collapses "//").
 */
class LandingOptionTest {
    private static CommonOptions parse(String... args) {
        NightlyCommand cmd = new NightlyCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.common;
    }

    @Test
    void hdfsUriKeepsItsAuthority() {
        // "hdfs://nn:8020/livegov/landing" must reach Hadoop unchanged: scheme hdfs, authority nn:8020, path /livegov/landing
        CommonOptions o = parse("--landing", "hdfs://nn:8020/livegov/landing");
        assertEquals("hdfs://nn:8020/livegov/landing", o.landing);
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(o.landing);
        assertEquals("nn:8020", p.toUri().getAuthority());
        assertEquals("/livegov/landing", p.toUri().getPath());
    }

    @Test
    void localFolderIsStillALocalPathForTheWritingCommands() {
        assertEquals(Path.of("some/landing"), parse("--landing", "some/landing").localLanding());
        assertEquals(Path.of("/tmp/x"), parse("--landing", "file:///tmp/x").localLanding());
        // the default
        assertEquals(Path.of("landing"), parse().localLanding());
    }

    @Test
    void writingCommandsRefuseARemoteLanding() {
        // demo and import write with Java I/O: an hdfs:// landing is refused with one line, not written to "hdfs:/..."
        UserError e = assertThrows(UserError.class, () -> parse("--landing", "hdfs://nn:8020/x").localLanding());
        assertEquals(true, e.getMessage().startsWith("--landing hdfs://nn:8020/x: this command writes"));
        // hdfs:/x (one slash) is a URI too, not a local folder named "hdfs:"
        assertThrows(UserError.class, () -> parse("--landing", "hdfs:/x").localLanding());
        // a relative file: URI names no absolute path: one line, not an IllegalArgumentException
        UserError rel = assertThrows(UserError.class, () -> parse("--landing", "file:relative/x").localLanding());
        assertEquals(true, rel.getMessage().startsWith("--landing file:relative/x: not a file URI of an absolute path"),
                rel.getMessage());
    }
}

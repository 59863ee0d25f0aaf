package org.livegov.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The version of the code that runs, for manifests: the jar's Implementation-Version and the git
 * commit of the checkout it was built in. Its own class (not the CLI's) names the jar, so that the
 * writers that stamp it do not depend on the command line above them.
 */
public final class CodeVersion {
    private CodeVersion() {
    }

    /** Jar Implementation-Version and, when git can tell, the commit of the checkout the jar was built in (+ git_dirty). */
    public static Map<String, String> of() {
        Map<String, String> v = new LinkedHashMap<>();
        String impl = CodeVersion.class.getPackage().getImplementationVersion();
        v.put("implementation_version", impl == null ? "unpackaged" : impl);
        v.put("git_commit", git("rev-parse", "HEAD"));
        String status = git("status", "--porcelain", "--untracked-files=no");
        if (status != null && !status.isBlank() && !"unavailable".equals(status)) v.put("git_dirty", "true");
        return v;
    }

    private static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            try { // ask in the folder of the jar (or classes) that runs, not in the caller's working directory
                Path code = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                pb.directory((Files.isDirectory(code) ? code : code.getParent()).toFile());
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // keep the working directory
            }
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "unavailable";
            return text;
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }
}

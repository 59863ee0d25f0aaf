# Sourced by bin/livegov and bin/livegov-cluster: the one rule for a shaded jar that is out of date.
# (ClusterRunTest.buildShadedJarIfStale applies the same rule in Java.)

# stale_class ROOT JAR: prints the first compiled class of ROOT newer than JAR (nothing when the jar is
# up to date, or when there are no compiled classes). A jar older than the classes runs the previous code.
stale_class() {
  find "$1/jobs/target/classes" "$1/metrics/target/classes" -name '*.class' -newer "$2" -print -quit 2>/dev/null || true
}

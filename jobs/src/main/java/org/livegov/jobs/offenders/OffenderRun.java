package org.livegov.jobs.offenders;

import java.util.List;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.offenders.EarlyRemovalDecision;

/**
 * What the nightly run hands to the offender step besides the configuration.
 *
 * @param runId     the run making the decisions (stamped on listings and events)
 * @param batchId   its batch (event ids are per batch, so a resumed batch inserts nothing twice)
 * @param decisions early-removal decisions read before the run wrote anything
 * @param key       the pseudonymisation key, to derive the platforms' per-platform subject keys
 */
public record OffenderRun(String runId, String batchId, List<EarlyRemovalDecision> decisions, Pseudonymiser key) {
    public OffenderRun {
        decisions = List.copyOf(decisions);
    }
}

package org.livegov.metrics.contract;

/**
 * Renders the input contracts as Markdown tables (one per feed: field, type, unit, required,
 * meaning). {@code docs/input-contracts.md} holds this text between markers, and a test keeps the
 * two identical, so the documentation cannot drift from what the job enforces.
 */
public final class ContractDoc {
    public static final String BEGIN = "<!-- BEGIN GENERATED CONTRACTS (ContractDoc.render) -->";
    public static final String END = "<!-- END GENERATED CONTRACTS -->";

    private ContractDoc() {
    }

    /** Markdown for every feed, in {@link Feed} order. */
    public static String render() {
        StringBuilder sb = new StringBuilder();
        for (Feed f : Feed.values()) {
            sb.append("### ").append(f.feedName()).append("\n\n");
            sb.append("Landing folder `landing/").append(f.feedName()).append("/`; key `").append(f.keyField()).append('`');
            f.eventTimeField().ifPresent(e -> sb.append("; month (Beijing) from `").append(e).append('`'));
            sb.append(".\n\n| field | type | unit | required | meaning |\n|---|---|---|---|---|\n");
            for (Field fd : f.fields()) {
                String type = fd.type().name().toLowerCase(java.util.Locale.ROOT)
                        + (fd.values().isEmpty() ? "" : ": " + String.join(", ", fd.values()));
                sb.append("| `").append(fd.name()).append("` | ").append(type).append(" | ").append(fd.unit())
                        .append(" | ").append(fd.required() ? "yes" : "no").append(" | ").append(fd.meaning()).append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}

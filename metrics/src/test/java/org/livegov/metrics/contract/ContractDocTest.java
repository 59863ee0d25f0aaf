package org.livegov.metrics.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractDocTest {
    /** docs/input-contracts.md must show exactly the contracts the job enforces. */
    @Test
    void documentedContractsEqualTheCode() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "input-contracts.md"));
        int b = doc.indexOf(ContractDoc.BEGIN);
        int e = doc.indexOf(ContractDoc.END);
        String documented = doc.substring(b + ContractDoc.BEGIN.length(), e).strip();
        assertEquals(ContractDoc.render().strip(), documented,
                "docs/input-contracts.md is stale: paste ContractDoc.render() between the markers");
    }
}

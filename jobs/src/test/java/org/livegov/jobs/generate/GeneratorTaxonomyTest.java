package org.livegov.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's view of the taxonomy ({@link Categories}) agrees with conf/taxonomy.yaml. */
class GeneratorTaxonomyTest {
    @Test
    void categoriesKindsAndSeveritiesMatchTheConfiguration() throws IOException {
        JsonNode conf = new YAMLMapper().readTree(Path.of("../conf/taxonomy.yaml").toFile());
        Map<String, String> expected = new TreeMap<>();
        conf.get("categories").properties().forEach(e -> expected.put(e.getKey(),
                e.getValue().get("kind").asText() + "/" + e.getValue().get("severity").asText()));
        Map<String, String> actual = new TreeMap<>();
        for (Categories.Category c : Categories.ALL) {
            actual.put(c.code(), c.kind().name().toLowerCase(Locale.ROOT) + "/s" + c.severity());
        }
        assertEquals(expected, actual);
        assertEquals(conf.get("serious_from").asText(), "s" + Categories.SERIOUS_FROM);
    }
}

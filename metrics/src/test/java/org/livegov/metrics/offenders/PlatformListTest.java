package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.TestSpark;

/**
 * The platforms' list (issue 13 item 7): per platform, the subjects that concern it, under a key
 * derived for that platform, never the regulator's pseudonym.
 */
class PlatformListTest {
    static final SparkSession spark = TestSpark.session();
    static final Pseudonymiser KEY = new Pseudonymiser("test-key-0123456789".getBytes(StandardCharsets.UTF_8));
    static final StructType LISTINGS = new StructType().add("listing_id", DataTypes.StringType)
            .add("subject_key", DataTypes.StringType).add("subject_role", DataTypes.StringType)
            .add("subject_roles", DataTypes.createArrayType(DataTypes.StringType))
            .add("state", DataTypes.StringType).add("listed_from", DataTypes.DateType).add("ends_on", DataTypes.DateType)
            .add("platforms", DataTypes.createArrayType(DataTypes.StringType));
    static final StructType ANCHORS = new StructType().add("anchor_id", DataTypes.StringType)
            .add("platform_id", DataTypes.StringType).add("person_key", DataTypes.StringType);
    static final StructType MERCHANTS = new StructType().add("merchant_id", DataTypes.StringType)
            .add("platform_id", DataTypes.StringType).add("uscc", DataTypes.StringType);

    static Row l(String key, String role, String state, String... platforms) {
        return l(key, role, List.of(role), state, platforms);
    }

    static Row l(String key, String role, List<String> roles, String state, String... platforms) {
        return RowFactory.create(key + "#1", key, role, scala.jdk.javaapi.CollectionConverters.asScala(roles).toSeq(), state, Date.valueOf("2026-07-10"), Date.valueOf("2029-07-10"),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of(platforms)).toSeq());
    }

    static Dataset<Row> list(Pseudonymiser key) {
        Dataset<Row> listings = spark.createDataFrame(List.of(
                l("person:abc", "anchor", "listed", "DY"),                    // violations on DY only
                l("uscc:91330100MA27ABCD3J", "merchant", "eligible_early_removal", "KS"),
                l("uscc:91110105MA01HJKL44", "mcn", "listed", "DY"),          // an MCN: no platform accounts
                l("merchant:S9", "merchant", "listed", "TB"),                 // no USCC: its local id
                l("person:def", "anchor", "preliminary", "DY"),               // not on the list yet
                l("platform:DY", "platform", "listed", "DY")), LISTINGS);     // platforms are left out
        Dataset<Row> anchors = spark.createDataFrame(List.of(
                RowFactory.create("A1", "DY", "abc"), RowFactory.create("A2", "KS", "abc"),
                RowFactory.create("A3", "KS", "xyz"), RowFactory.create("A4", "TB", null)), ANCHORS);
        Dataset<Row> merchants = spark.createDataFrame(List.of(
                RowFactory.create("M1", "KS", "91330100MA27ABCD3J"), RowFactory.create("M2", "DY", "91330100MA27ABCD3J"),
                RowFactory.create("S9", "TB", null)), MERCHANTS);
        return OffenderSets.forPlatforms(listings, anchors, merchants, key);
    }

    static List<String> rows(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.orderBy("platform_id", "subject_role", "account_ids").collectAsList()) {
            out.add(r.getAs("platform_id") + " " + r.getAs("subject_role") + " " + r.getList(r.fieldIndex("account_ids"))
                    + " " + r.getAs("state") + " " + r.getAs("listed_from"));
        }
        return out;
    }

    @Test
    void eachPlatformGetsTheSubjectsThatConcernItWithItsOwnAccounts() {
        // On the list: abc, the two USCCs, S9 (def preliminary, platform:DY a platform: out).
        //   abc: accounts A1 on DY (also its evidence platform) and A2 on KS → DY [A1], KS [A2]
        //   9133…: merchants M1 on KS (also evidence), M2 on DY → KS [M1], DY [M2]
        //   9111… (an MCN): no merchant account; evidence on DY → DY []
        //   S9: its own id on TB (also evidence) → TB [S9]
        // = 6 rows; A3 (xyz) and A4 (no person key, not listed) appear nowhere.
        assertEquals(List.of(
                "DY anchor [A1] listed 2026-07-10",
                "DY mcn [] listed 2026-07-10",
                "DY merchant [M2] eligible_early_removal 2026-07-10",
                "KS anchor [A2] listed 2026-07-10",
                "KS merchant [M1] eligible_early_removal 2026-07-10",
                "TB merchant [S9] listed 2026-07-10"), rows(list(KEY)));
    }

    @Test
    void theKeyIsDerivedPerPlatformStableAndNeverTheRegulatorsPseudonym() {
        // Known answer, worked out outside Java:
        //   printf 'platform\0DY\0person:abc' | openssl dgst -sha256 -hmac 'test-key-0123456789'
        String dy = "91ead8120ebce1f258f349050115e6e572068756b76e70a9176816ef30dfa79b";
        //   printf 'platform\0KS\0person:abc' | openssl dgst -sha256 -hmac 'test-key-0123456789'
        String ks = "22f1f6aefb6c29f67937023073dd78e849888f8d8cc47f8c8b0b4fe9c51031bf";
        assertEquals(dy, KEY.platformKey("DY", "person:abc"));
        assertEquals(ks, KEY.platformKey("KS", "person:abc"));
        Dataset<Row> first = list(KEY);
        assertEquals(List.of(dy), first.where("platform_id = 'DY' AND subject_role = 'anchor'")
                .select("subject_ref").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertEquals(List.of(ks), first.where("platform_id = 'KS' AND subject_role = 'anchor'")
                .select("subject_ref").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        // the same person: DY's and KS's keys differ, so their lists cannot be joined
        assertNotEquals(dy, ks);
        // stable across nights: a new run with the same key (a fresh Pseudonymiser) gives the same rows and keys
        Pseudonymiser sameKey = new Pseudonymiser("test-key-0123456789".getBytes(StandardCharsets.UTF_8));
        assertEquals(first.select("platform_id", "subject_ref").orderBy("platform_id", "subject_ref").collectAsList(),
                list(sameKey).select("platform_id", "subject_ref").orderBy("platform_id", "subject_ref").collectAsList());
        // no column holds the regulator's person pseudonym "abc", a subject key or a raw USCC
        for (Row r : first.collectAsList()) {
            for (int i = 0; i < r.length(); i++) {
                String v = String.valueOf(r.get(i));
                assertEquals(false, v.equals("abc") || v.contains("person:") || v.contains("uscc:")
                        || v.contains("91330100MA27ABCD3J") || v.contains(KEY.pseudonym("uscc", "91330100MA27ABCD3J")), v);
            }
        }
    }

    @Test
    void aUsccThatIsMerchantAndMcnIsOneRowPerPlatformWithBothRoles() {
        // uscc:X is merchant M1 on KS and an MCN (no platform account); its acts are on KS and DY:
        // one subject → one row per platform (DY: evidence only, no account; KS: M1), each with both roles
        Dataset<Row> listings = spark.createDataFrame(List.of(
                l("uscc:91330100MA27ABCD3J", "merchant", List.of("mcn", "merchant"), "listed", "DY", "KS")), LISTINGS);
        Dataset<Row> merchants = spark.createDataFrame(List.of(RowFactory.create("M1", "KS", "91330100MA27ABCD3J")), MERCHANTS);
        List<Row> got = OffenderSets.forPlatforms(listings, spark.createDataFrame(List.of(), ANCHORS), merchants, KEY)
                .orderBy("platform_id").collectAsList();
        assertEquals(List.of("DY merchant [mcn, merchant] []", "KS merchant [mcn, merchant] [M1]"), got.stream()
                .map(r -> r.getAs("platform_id") + " " + r.getAs("subject_role") + " " + r.getList(r.fieldIndex("subject_roles"))
                        + " " + r.getList(r.fieldIndex("account_ids"))).toList());
    }
}

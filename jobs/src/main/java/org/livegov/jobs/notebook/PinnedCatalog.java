package org.livegov.jobs.notebook;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.livegov.jobs.UserError;

/**
 * A read-only Spark catalog named {@code gold} or {@code silver} whose tables are the warehouse's
 * Delta tables of that layer, each at the version {@link PinnedTables} pins: in a notebook,
 * {@code gold.platform_monthly} is {@code <warehouse>/gold/platform_monthly} at the committed run's
 * version. Loading goes through Delta's own catalog (a path identifier with a version, as
 * {@code VERSION AS OF} would, through the session's {@code spark_catalog}), so Delta's reader and its
 * file skipping apply unchanged.
 *
 * <p>Installed per notebook session by {@link #install}: {@code spark.sql.catalog.<layer>} names this
 * class and {@code spark.sql.catalog.<layer>.pins} the registry key of the session's
 * {@link PinnedTables}. An unknown name is Spark's {@code TABLE_OR_VIEW_NOT_FOUND}; time travel and
 * any write or DDL are refused with a {@link UserError}.
 */
public final class PinnedCatalog implements TableCatalog {
    private static final Map<String, Entry> REGISTRY = new ConcurrentHashMap<>();

    private record Entry(PinnedTables pins, SparkSession session) {
    }

    private String layer;
    private PinnedTables pins;
    private SparkSession session;

    /**
     * Makes {@code gold.*} and {@code silver.*} resolve to the pinned tables in {@code session}
     * (a session of its own: catalogs are cached per session).
     *
     * @return the registry key, for {@link #uninstall}
     */
    static String install(SparkSession session, PinnedTables pins) {
        String key = UUID.randomUUID().toString();
        REGISTRY.put(key, new Entry(pins, session));
        for (String layer : PinnedTables.LAYERS) {
            session.conf().set("spark.sql.catalog." + layer, PinnedCatalog.class.getName());
            session.conf().set("spark.sql.catalog." + layer + ".pins", key);
        }
        return key;
    }

    static void uninstall(String key) {
        REGISTRY.remove(key);
    }

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.layer = name;
        Entry e = REGISTRY.get(options.get("pins"));
        if (e == null) {
            throw new IllegalStateException("catalog " + name + ": no pinned tables registered under '" + options.get("pins") + "'");
        }
        this.pins = e.pins();
        this.session = e.session();
    }

    @Override
    public String name() {
        return layer;
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return pins.names(layer).stream().map(t -> Identifier.of(new String[0], t)).toArray(Identifier[]::new);
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        if (ident.namespace().length != 0) {
            throw new NoSuchTableException(ident);
        }
        PinnedTables.Pin p = pins.get(layer, ident.name()).orElseThrow(() -> new NoSuchTableException(ident));
        pins.markRead(p);
        return delta().loadTable(Identifier.of(new String[]{"delta"}, p.path()), String.valueOf(p.version()));
    }

    /**
     * The session's own Delta catalog ({@code spark_catalog}, set by LiveGovSpark): a fresh
     * {@code DeltaCatalog} lacks the delegate it inspects while loading.
     */
    private TableCatalog delta() {
        CatalogPlugin c = ((org.apache.spark.sql.classic.SparkSession) session).sessionState().catalogManager().v2SessionCatalog();
        if (!(c instanceof DeltaCatalog d)) {
            throw new IllegalStateException("spark_catalog is " + c.getClass().getName() + ", not Delta's DeltaCatalog");
        }
        return d;
    }

    @Override
    public Table loadTable(Identifier ident, java.util.Set<org.apache.spark.sql.connector.catalog.TableWritePrivilege> privileges) {
        throw readOnly(ident); // asked only by INSERT, MERGE, UPDATE, DELETE
    }

    @Override
    public Table loadTable(Identifier ident, String version) {
        throw pinned(ident);
    }

    @Override
    public Table loadTable(Identifier ident, long timestamp) {
        throw pinned(ident);
    }

    private UserError pinned(Identifier ident) {
        return new UserError(layer + "." + ident.name() + " is read at the version of the committed run; "
                + "VERSION AS OF and TIMESTAMP AS OF are not available in notebooks");
    }

    @Override
    public void invalidateTable(Identifier ident) {
    }

    @SuppressWarnings("deprecation")
    @Override
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw readOnly(ident);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw readOnly(ident);
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw readOnly(ident);
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw readOnly(oldIdent);
    }

    private UserError readOnly(Identifier ident) {
        return new UserError(layer + "." + ident.name() + " is read-only in a notebook; notebooks do not write the warehouse");
    }
}

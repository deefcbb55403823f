using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AdminCenter.Web.Demo;

/// <summary>
/// Bulk-writes generated rows into empty Portal and ASPIRE PostgreSQL databases with binary COPY, one connection per
/// table (Portal columns from the EF model, ASPIRE columns from <see cref="AspireTables"/>). Secondary indexes and
/// foreign keys are dropped first and made again at the end (one pass each, and every key checked then); a failure
/// empties the tables again.
/// </summary>
public sealed class NpgsqlDemoDataWriter : IDemoDataSink, IDisposable
{
    private readonly string portal;
    private readonly string aspire;
    private readonly BulkLoad portalLoad;
    private readonly BulkLoad aspireLoad;
    private readonly List<NpgsqlConnection> connections = [];
    private readonly EntityCopy<PortalUserEntity> users;
    private readonly EntityCopy<PortalPaymentEntity> payments;
    private readonly EntityCopy<PaymentStatusChangeEntity> changes;
    private readonly EntityCopy<SyncRunEntity> runs;
    private readonly PostgreSqlCopy batches;
    private readonly PostgreSqlCopy records;
    private long nextChangeId = 1;
    private bool completed;

    public NpgsqlDemoDataWriter(string portalConnectionString, string aspireConnectionString)
    {
        portal = portalConnectionString;
        aspire = aspireConnectionString;
        var model = PortalModel();
        portalLoad = BulkLoad.Prepare(portal, model.GetEntityTypes().Select(e => Quote(e.GetTableName()!)).ToList());
        aspireLoad = BulkLoad.Prepare(aspire, [AspireTables.EftBatch, AspireTables.AlternateEft]);
        users = new EntityCopy<PortalUserEntity>(model, Open(portal));
        payments = new EntityCopy<PortalPaymentEntity>(model, Open(portal));
        changes = new EntityCopy<PaymentStatusChangeEntity>(model, Open(portal));
        runs = new EntityCopy<SyncRunEntity>(model, Open(portal));
        batches = PostgreSqlCopy.Begin(Open(aspire), AspireTables.EftBatch, AspireTables.EftBatchColumns);
        records = PostgreSqlCopy.Begin(Open(aspire), AspireTables.AlternateEft, AspireTables.AlternateEftColumns);
    }

    public void AddUser(PortalUserEntity user) => users.Write(user);

    public void AddPayment(PortalPaymentEntity payment, IReadOnlyList<PaymentStatusChangeEntity> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        payments.Write(payment);
        foreach (var change in history)
        {
            change.Id = nextChangeId++;
            changes.Write(change);
        }
    }

    public void AddSyncRun(SyncRunEntity run) => runs.Write(run);

    public void AddBatch(EftBatch batch) => batches.Write(AspireTables.Values(batch));

    public void AddRecord(AlternateEftRecord record) => records.Write(AspireTables.Values(record));

    public void Commit()
    {
        users.Complete();
        payments.Complete();
        changes.Complete();
        runs.Complete();
        batches.Complete();
        records.Complete();
        completed = true;
        // Indexes and keys of the two databases are built side by side.
        var aspireDone = Task.Run(aspireLoad.Restore);
        portalLoad.Restore();
        portalLoad.AdvanceIdentities();
        aspireDone.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        users.Dispose();
        payments.Dispose();
        changes.Dispose();
        runs.Dispose();
        batches.Dispose();
        records.Dispose();
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        if (!completed)
        {
            portalLoad.Abandon();
            aspireLoad.Abandon();
        }
    }

    private NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        connections.Add(connection);
        return connection;
    }

    private static IModel PortalModel()
    {
        using var context = new NpgsqlPortalDbContext(Infrastructure.Stores.StoreContexts.Options<NpgsqlPortalDbContext>(o => o.UseNpgsql("Host=localhost")));
        return context.Model;
    }

    private static string Quote(string identifier) => EntityWriter<PortalUserEntity>.Quote(identifier);

    /// <summary>One Portal entity type as a COPY: columns, values and conversions from the EF model.</summary>
    private sealed class EntityCopy<TEntity> : IDisposable
        where TEntity : class
    {
        private readonly PostgreSqlCopy copy;
        private readonly (IPropertyBase Property, Func<object?, object?> ToProvider)[] columns;
        private readonly object?[] values;

        public EntityCopy(IModel model, NpgsqlConnection connection)
        {
            var entity = model.FindEntityType(typeof(TEntity))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            columns = properties.Select(p =>
            {
                var converter = ((RelationalTypeMapping)p.GetTypeMapping()).Converter;
                Func<object?, object?> toProvider = converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
                return ((IPropertyBase)p, toProvider);
            }).ToArray();
            values = new object?[columns.Length];
            copy = PostgreSqlCopy.Begin(connection, Quote(entity.GetTableName()!), properties.Select(p => Quote(p.GetColumnName(table)!)).ToList());
        }

        public void Write(TEntity entity)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                values[i] = columns[i].ToProvider(columns[i].Property.GetGetter().GetClrValueUsingContainingEntity(entity));
            }

            copy.Write(values);
        }

        public void Complete() => copy.Complete();

        public void Dispose() => copy.Dispose();
    }

    /// <summary>The secondary indexes and foreign keys of a database's tables, dropped for the load and made again after it.</summary>
    private sealed class BulkLoad
    {
        private readonly string connectionString;
        private readonly IReadOnlyList<string> tables;
        private readonly List<(string Name, string Create)> indexes = [];
        private readonly List<(string Table, string Name, string Definition)> foreignKeys = [];

        private BulkLoad(string connectionString, IReadOnlyList<string> tables)
        {
            this.connectionString = connectionString;
            this.tables = tables;
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Names and definitions come from the server's own catalog.")]
        public static BulkLoad Prepare(string connectionString, IReadOnlyList<string> tables)
        {
            var load = new BulkLoad(connectionString, tables);
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using (var query = new NpgsqlCommand("""
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY conname
                """, connection))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    load.foreignKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            using (var query = new NpgsqlCommand("""
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relnamespace = current_schema()::regnamespace
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                ORDER BY 1
                """, connection))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    load.indexes.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            Execute(connection, load.foreignKeys.Select(k => $"ALTER TABLE {k.Table} DROP CONSTRAINT {Quote(k.Name)}")
                .Concat(load.indexes.Select(i => $"DROP INDEX {i.Name}")));
            return load;
        }

        public void Restore()
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            Execute(connection, ["SET maintenance_work_mem = '256MB'"]);
            Execute(connection, indexes.Select(i => i.Create)
                .Concat(foreignKeys.Select(k => $"ALTER TABLE {k.Table} ADD CONSTRAINT {Quote(k.Name)} {k.Definition}"))
                .Concat(tables.Select(t => $"ANALYZE {t}")));
        }

        /// <summary>Rows were copied with their ids: identity columns go on from the largest one.</summary>
        public void AdvanceIdentities()
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var statements = new List<string>();
            using (var query = new NpgsqlCommand("""
                SELECT quote_ident(c.table_name), c.column_name FROM information_schema.columns c
                WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
                """, connection))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    var (table, column) = (reader.GetString(0), Quote(reader.GetString(1)));
                    statements.Add($"SELECT setval(pg_get_serial_sequence('{table.Replace("'", "''", StringComparison.Ordinal)}', '{reader.GetString(1).Replace("'", "''", StringComparison.Ordinal)}'), GREATEST(COALESCE(MAX({column}), 0), 1), MAX({column}) IS NOT NULL) FROM {table}");
                }
            }

            Execute(connection, statements);
        }

        /// <summary>After a failed load: the tables empty again, with their indexes and keys.</summary>
        public void Abandon()
        {
            try
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                Execute(connection, [$"TRUNCATE {string.Join(", ", tables)}"]);
                Restore();
            }
            catch (NpgsqlException)
            {
                // The load's own error is the one to report.
            }
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Statements built from the server's own catalog.")]
        private static void Execute(NpgsqlConnection connection, IEnumerable<string> statements)
        {
            foreach (var sql in statements)
            {
                using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                command.ExecuteNonQuery();
            }
        }
    }
}

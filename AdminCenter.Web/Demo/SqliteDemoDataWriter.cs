using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AdminCenter.Web.Demo;

/// <summary>
/// Bulk-writes generated rows into fresh Portal and ASPIRE SQLite files: prepared inserts (Portal columns from the EF model,
/// ASPIRE columns from <see cref="AspireTables"/>), one transaction each, indexes built once at the end.
/// </summary>
public sealed class SqliteDemoDataWriter : IDemoDataSink, IDisposable
{
    private readonly SqliteConnection portal;
    private readonly SqliteConnection aspire;
    private readonly SqliteTransaction portalTx;
    private readonly SqliteTransaction aspireTx;
    private readonly SqliteBulkInsert<PortalUserEntity> users;
    private readonly SqliteBulkInsert<PortalPaymentEntity> payments;
    private readonly SqliteBulkInsert<PaymentStatusChangeEntity> changes;
    private readonly EntityWriter<SyncRunEntity> runs;
    private readonly SqliteCommand batches;
    private readonly SqliteCommand records;
    private readonly DeferredIndexes portalIndexes;
    private readonly DeferredIndexes aspireIndexes;
    // Handed over a thousand rows at a time: row by row, the writer spent a tenth of the seed's CPU spinning for the next one.
    private readonly System.Collections.Concurrent.BlockingCollection<(SqliteCommand Command, object?[] Values)[]> aspireRows = new(boundedCapacity: 16);
    private readonly List<(SqliteCommand Command, object?[] Values)> pendingAspireRows = new(HandOver);
    private readonly Task aspireWriter;
    private const int HandOver = 1024;
    private long nextChangeId = 1;

    public SqliteDemoDataWriter(string portalPath, string aspirePath)
    {
        portal = Open(portalPath);
        aspire = Open(aspirePath);
        portalIndexes = DeferredIndexes.Drop(portal);
        aspireIndexes = DeferredIndexes.Drop(aspire);
        portalTx = portal.BeginTransaction();
        aspireTx = aspire.BeginTransaction();
        var model = PortalModel();
        users = SqliteBulkInsert<PortalUserEntity>.Prepare(model, portal, portalTx);
        payments = SqliteBulkInsert<PortalPaymentEntity>.Prepare(model, portal, portalTx);
        changes = SqliteBulkInsert<PaymentStatusChangeEntity>.Prepare(model, portal, portalTx);
        runs = EntityWriter<SyncRunEntity>.PrepareInsert(model, portal, portalTx);
        batches = Insert(aspire, aspireTx, AspireTables.EftBatch, AspireTables.EftBatchColumns);
        records = Insert(aspire, aspireTx, AspireTables.AlternateEft, AspireTables.AlternateEftColumns);
        // ASPIRE's file is written on a thread of its own: the two files fill side by side on two cores.
        aspireWriter = Task.Factory.StartNew(() =>
        {
            foreach (var rows in aspireRows.GetConsumingEnumerable())
            {
                foreach (var (command, values) in rows)
                {
                    Execute(command, values);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void AddUser(PortalUserEntity user) => users.Execute(user);

    public void AddPayment(PortalPaymentEntity payment, IReadOnlyList<PaymentStatusChangeEntity> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        payments.Execute(payment);
        foreach (var change in history)
        {
            change.Id = nextChangeId++;
            changes.Execute(change);
        }
    }

    public void AddSyncRun(SyncRunEntity run) => runs.Execute(run);

    public void AddBatch(EftBatch batch) => Queue(batches, AspireTables.Values(batch));

    public void AddRecord(AlternateEftRecord record) => Queue(records, AspireTables.Values(record));

    private void Queue(SqliteCommand command, object?[] values)
    {
        if (aspireWriter.IsFaulted)
        {
            aspireWriter.GetAwaiter().GetResult();
        }

        pendingAspireRows.Add((command, values));
        if (pendingAspireRows.Count == HandOver)
        {
            HandOverAspireRows();
        }
    }

    private void HandOverAspireRows()
    {
        aspireRows.Add([.. pendingAspireRows]);
        pendingAspireRows.Clear();
    }

    public void Commit()
    {
        HandOverAspireRows();
        aspireRows.CompleteAdding();
        aspireWriter.GetAwaiter().GetResult();
        // Building each index once over the loaded table is much faster than keeping it up to date row by row.
        var aspireDone = Task.Run(() =>
        {
            aspireIndexes.Recreate(aspire, aspireTx);
            aspireTx.Commit();
        });
        portalIndexes.Recreate(portal, portalTx);
        portalTx.Commit();
        aspireDone.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (!aspireRows.IsAddingCompleted)
        {
            aspireRows.CompleteAdding();
        }

        try
        {
            aspireWriter.Wait();
        }
        catch (AggregateException)
        {
            // Already reported by Commit or by the add that found it; the files are deleted by the caller.
        }

        aspireRows.Dispose();
        users.Dispose();
        payments.Dispose();
        changes.Dispose();
        runs.Dispose();
        batches.Dispose();
        records.Dispose();
        portalTx.Dispose();
        aspireTx.Dispose();
        portal.Dispose();
        aspire.Dispose();
    }

    private static IModel PortalModel()
    {
        using var context = new SqlitePortalDbContext(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=:memory:")));
        return context.Model;
    }


    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -20480;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table and column names are constants of AspireTables; values are parameters.")]
    private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, IReadOnlyList<string> columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        command.Prepare();
        return command;
    }

    /// <summary>ASPIRE dates and wall-clock times are written as the ISO text aspire-schema.sql's SQLite file holds.</summary>
    private static void Execute(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                DateOnly date => StoredFormats.FormatDate(date),
                DateTime wallClock => StoredFormats.FormatAspireTime(wallClock),
                var value => value,
            };
        }

        command.ExecuteNonQuery();
    }

    private sealed class DeferredIndexes(IReadOnlyList<string> createStatements)
    {
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Index names and definitions come from the schema itself.")]
        public static DeferredIndexes Drop(SqliteConnection connection)
        {
            var indexes = new List<(string Name, string Sql)>();
            using (var query = connection.CreateCommand())
            {
                query.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    indexes.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (name, _) in indexes)
            {
                using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
                drop.ExecuteNonQuery();
            }

            return new DeferredIndexes(indexes.Select(i => i.Sql).ToList());
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Index definitions come from the schema itself.")]
        public void Recreate(SqliteConnection connection, SqliteTransaction transaction)
        {
            foreach (var sql in createStatements)
            {
                using var create = connection.CreateCommand();
                create.Transaction = transaction;
                create.CommandText = sql;
                create.ExecuteNonQuery();
            }
        }
    }
}

using AdminCenter.Core.Aspire;
using AdminCenter.Web.Data.Portal;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Data.Demo;

/// <summary>Bulk-writes generated rows into fresh Portal and ASPIRE SQLite files: prepared commands, one transaction each.</summary>
public sealed class SqliteDemoDataWriter : IDemoDataSink, IDisposable
{
    private readonly SqliteConnection portal;
    private readonly SqliteConnection aspire;
    private readonly SqliteTransaction portalTx;
    private readonly SqliteTransaction aspireTx;
    private readonly PreparedInsert users;
    private readonly PreparedInsert payments;
    private readonly PreparedInsert changes;
    private readonly PreparedInsert runs;
    private readonly PreparedInsert batches;
    private readonly PreparedInsert records;
    private readonly DeferredIndexes portalIndexes;
    private readonly DeferredIndexes aspireIndexes;
    private long nextChangeId = 1;

    public SqliteDemoDataWriter(string portalPath, string aspirePath)
    {
        portal = Open(portalPath);
        aspire = Open(aspirePath);
        portalIndexes = DeferredIndexes.Drop(portal);
        aspireIndexes = DeferredIndexes.Drop(aspire);
        portalTx = portal.BeginTransaction();
        aspireTx = aspire.BeginTransaction();
        users = new(portal, portalTx, "PortalUsers", "Id", "UserName", "Email", "FirstName", "LastName", "AspireCustomerId", "CreatedAt", "LastSignInAt", "IsActive");
        payments = new(portal, portalTx, "PortalPayments", "Id", "Reference", "UserId", "ContractNumber", "Amount", "PaymentDate", "BankAccountLast4", "Status", "CreatedAt", "UpdatedAt", "CancelRequestedAt");
        changes = new(portal, portalTx, "PaymentStatusChanges", "Id", "PaymentId", "FromStatus", "ToStatus", "ChangedAt", "Source");
        runs = new(portal, portalTx, "SyncRuns", "Id", "Kind", "StartedAt", "FinishedAt", "Succeeded", "ItemCount", "Error");
        batches = new(aspire, aspireTx, "EftBatch", "EftBatchId", "DueDateBegin", "DueDateEnd", "EffectiveEntryDate", "GeneratedAt", "PostedAt");
        records = new(aspire, aspireTx, "AlternateEft", "AlternateEftId", "ContractNumber", "CustomerId", "PaymentReference", "Amount", "DueDate",
            "SecCode", "Payments", "PaymentsProcessed", "BankAccountLast4", "EftBatchId", "CreatedAt", "ModifiedAt");
    }

    public void AddUser(PortalUserEntity user) => users.Insert(user.Id, user.UserName, user.Email, user.FirstName, user.LastName,
        user.AspireCustomerId, EfTime(user.CreatedAt), user.LastSignInAt is { } s ? EfTime(s) : null, user.IsActive ? 1 : 0);

    public void AddPayment(PortalPaymentEntity payment, IReadOnlyList<PaymentStatusChangeEntity> history)
    {
        payments.Insert(payment.Id, payment.Reference, payment.UserId, payment.ContractNumber, EfDecimal(payment.Amount), Date(payment.PaymentDate),
            payment.BankAccountLast4, (int)payment.Status, EfTime(payment.CreatedAt), EfTime(payment.UpdatedAt),
            payment.CancelRequestedAt is { } c ? EfTime(c) : null);
        foreach (var change in history)
        {
            changes.Insert(nextChangeId++, change.PaymentId, change.FromStatus is { } f ? (int)f : null, (int)change.ToStatus, EfTime(change.ChangedAt), change.Source);
        }
    }

    public void AddSyncRun(SyncRunEntity run) => runs.Insert(run.Id, (int)run.Kind, EfTime(run.StartedAt),
        run.FinishedAt is { } f ? EfTime(f) : null, run.Succeeded ? 1 : 0, run.ItemCount, run.Error);

    public void AddBatch(EftBatch batch) => batches.Insert(batch.EftBatchId, Date(batch.DueDateBegin), Date(batch.DueDateEnd),
        Date(batch.EffectiveEntryDate), AspireTime(batch.GeneratedAt), batch.PostedAt is { } p ? AspireTime(p) : null);

    public void AddRecord(AlternateEftRecord record) => records.Insert(record.AlternateEftId, record.ContractNumber, record.CustomerId,
        record.PaymentReference, record.Amount, Date(record.DueDate), record.SecCode, record.Payments, record.PaymentsProcessed,
        record.BankAccountLast4, record.EftBatchId, AspireTime(record.CreatedAt), AspireTime(record.ModifiedAt));

    public void Commit()
    {
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
        foreach (var insert in new[] { users, payments, changes, runs, batches, records })
        {
            insert.Dispose();
        }

        portalTx.Dispose();
        aspireTx.Dispose();
        portal.Dispose();
        aspire.Dispose();
    }

    // The text forms EF Core's SQLite provider reads and writes, so EF queries see these rows as its own.
    private static string EfTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static string EfDecimal(decimal value) => value.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string AspireTime(DateTime local) => local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
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

    private sealed class PreparedInsert : IDisposable
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter[] parameters;

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table and column names are constants of this class; values are parameters.")]
        public PreparedInsert(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            command.Prepare();
        }

        public void Insert(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();
    }
}

using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AdminCenter.Tests.Support;

/// <summary>An ASPIRE SQLite file made from aspire-schema.sql, written to with plain SQL as LTi's side would.</summary>
public sealed class AspireFile
{
    public AspireFile(string path, bool create = true)
    {
        Path = path;
        if (create)
        {
            using var connection = Open();
            AspireSchema.Create(connection);
        }
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        return connection;
    }

    public AspireFile Batch(long id, string begin, string end, string generatedAt, string? postedAt)
    {
        Execute("INSERT INTO EftBatch (EftBatchId, DueDateBegin, DueDateEnd, EffectiveEntryDate, GeneratedAt, PostedAt) VALUES ($id, $b, $e, $e, $g, $p)",
            ("$id", id), ("$b", begin), ("$e", end), ("$g", generatedAt), ("$p", postedAt));
        return this;
    }

    public AspireFile Record(long id, string? reference, decimal amount = 412.50m, string dueDate = "2026-03-10", int payments = 1,
        long? batchId = null, string createdAt = "2026-03-09 08:03:12", string modifiedAt = "2026-03-09 08:03:12", string secCode = "WEB")
    {
        Execute("""
            INSERT INTO AlternateEft (AlternateEftId, ContractNumber, CustomerId, PaymentReference, Amount, DueDate, SecCode, Payments,
                                      PaymentsProcessed, BankAccountLast4, EftBatchId, CreatedAt, ModifiedAt)
            VALUES ($id, '0104233-001', 704233, $ref, $amount, $due, $sec, $payments, 0, '6789', $batch, $created, $modified)
            """,
            ("$id", id), ("$ref", reference), ("$amount", amount), ("$due", dueDate), ("$sec", secCode), ("$payments", payments),
            ("$batch", batchId), ("$created", createdAt), ("$modified", modifiedAt));
        return this;
    }

    public SqliteAspireReader Reader(int timeoutSeconds = 5) => new(new AspireConnections(
        StoreConnections.ForSqliteFiles(Path + ".admincenter-unused", Path + ".portal-unused", Path),
        Options.Create(new AdminCenterOptions { AspireQueryTimeoutSeconds = timeoutSeconds })));

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}

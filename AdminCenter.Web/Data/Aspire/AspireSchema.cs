using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Data.Aspire;

/// <summary>The ASPIRE tables AdminCenter reads (aspire-schema.sql), for the embedded demo file and schema checks.</summary>
public static class AspireSchema
{
    public static string Sql { get; } = Load();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The embedded schema file, no user input.")]
    public static void Create(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Null when the file has every table and column the reader selects; otherwise what is wrong.</summary>
    public static string? Problem(SqliteConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT AlternateEftId, ContractNumber, CustomerId, PaymentReference, Amount, DueDate, SecCode, Payments,
                       PaymentsProcessed, BankAccountLast4, EftBatchId, CreatedAt, ModifiedAt FROM AlternateEft LIMIT 0;
                SELECT EftBatchId, DueDateBegin, DueDateEnd, EffectiveEntryDate, GeneratedAt, PostedAt FROM EftBatch LIMIT 0;
                """;
            using var reader = command.ExecuteReader();
            return null;
        }
        catch (SqliteException ex)
        {
            return $"it is not an ASPIRE database with the expected tables ({ex.Message})";
        }
    }

    private static string Load()
    {
        using var stream = typeof(AspireSchema).Assembly.GetManifestResourceStream("aspire-schema.sql")
            ?? throw new InvalidOperationException("aspire-schema.sql is not embedded in AdminCenter.Web.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Data.Common;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>The ASPIRE tables AdminCenter reads (aspire-schema.sql), for the demo store; plain SQL both providers accept.</summary>
public static class AspireSchema
{
    public static string Sql { get; } = Load();

    /// <summary>
    /// Not in LTi's schema: the index a pass over changes needs to find modified rows without reading them all (new rows
    /// it finds by AlternateEftId). The demo and test stores have it; the README asks LTi for it in production.
    /// </summary>
    public const string ChangeIndex = "CREATE INDEX IX_AlternateEft_ModifiedAt ON AlternateEft (ModifiedAt);";

    /// <summary>
    /// Not in LTi's schema either, PostgreSQL only: the order a full pass reads records in (reference byte for byte, then id).
    /// Without it ASPIRE sorts every record before the first row (7.3 s at 10 million, idle); SQLite's index on the
    /// reference already has that order. The demo and test stores have it; the README asks LTi for it.
    /// </summary>
    public const string PostgreSqlReferenceOrderIndex = "CREATE INDEX IX_AlternateEft_PaymentReference_Bytes ON AlternateEft (PaymentReference COLLATE \"C\", AlternateEftId);";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The embedded schema file, no user input.")]
    public static void Create(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Sql + Environment.NewLine + ChangeIndex + (connection is Npgsql.NpgsqlConnection ? Environment.NewLine + PostgreSqlReferenceOrderIndex : "");
        command.ExecuteNonQuery();
    }

    private static string Load()
    {
        using var stream = typeof(AspireSchema).Assembly.GetManifestResourceStream("aspire-schema.sql")
            ?? throw new InvalidOperationException("aspire-schema.sql is not embedded in AdminCenter.Web.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using AdminCenter.Web.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Data.Aspire;

/// <summary>Opens ASPIRE read-only and turns every failure to do so into a named <see cref="AdminCenter.Core.Aspire.AspireUnavailableException"/>.</summary>
public sealed class AspireConnectionFactory(DatabaseFiles files, IOptions<AdminCenterOptions> options)
{
    public int CommandTimeoutSeconds => options.Value.AspireQueryTimeoutSeconds;

    public string Describe => files.AspirePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(files.AspirePath))
        {
            throw new AdminCenter.Core.Aspire.AspireUnavailableException($"ASPIRE database file not found: {files.AspirePath}");
        }

        var connection = new SqliteConnection(files.AspireReadOnlyConnectionString) { DefaultTimeout = CommandTimeoutSeconds };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new AdminCenter.Core.Aspire.AspireUnavailableException($"ASPIRE database {files.AspirePath} cannot be opened: {ex.Message}", ex);
        }
    }
}

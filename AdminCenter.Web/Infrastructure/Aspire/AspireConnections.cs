using System.Data.Common;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>
/// Opens ASPIRE read-only, every time afresh: an SQLite file that operators replace, restore or repair is seen by the next
/// read (no pooled handle to an old file). Every failure to open becomes a named <see cref="AspireUnavailableException"/>.
/// </summary>
public sealed class AspireConnections(StoreConnections stores, IOptions<AdminCenterOptions> options)
{
    public TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.AspireQueryTimeoutSeconds);

    public int TimeoutSeconds => options.Value.AspireQueryTimeoutSeconds;

    /// <summary>How long a long read waits for its next rows (PostgreSQL).</summary>
    public int StreamTimeoutSeconds => options.Value.AspireStreamTimeoutSeconds;

    public DatabaseProvider Provider => stores.Provider;

    /// <summary>For the log only: where ASPIRE is (never shown on a page).</summary>
    public string Describe => stores.Describe(Store.Aspire);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (stores.Provider == DatabaseProvider.PostgreSQL)
        {
            return await StoreDrivers.OpenPostgreSqlAsync(stores.Aspire, TimeoutSeconds, readOnly: true, cancellationToken);
        }

        var path = stores.SqlitePath(Store.Aspire);
        if (path is not null && !File.Exists(path))
        {
            throw new AspireUnavailableException("ASPIRE database not found", $"ASPIRE database file not found: {path}");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(stores.Aspire)
        {
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = TimeoutSeconds,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Raw statements wait for a lock as long as commands do, then give up.
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, TimeoutSeconds * 1000);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Unavailable(ex);
        }
    }

    /// <summary>A driver error as a named state for pages, with the driver's text kept for the log.</summary>
    public AspireUnavailableException Unavailable(DbException ex) => Unavailable(ex, TimeoutSeconds);

    /// <summary>As <see cref="Unavailable(DbException)"/>, for a read that waited up to <paramref name="waitedSeconds"/>.</summary>
    public AspireUnavailableException Unavailable(DbException ex, int waitedSeconds)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex switch
        {
            SqliteException { SqliteErrorCode: 5 or 6 } => $"ASPIRE is locked by another program and did not answer within {TimeoutSeconds} s",
            SqliteException { SqliteErrorCode: 11 or 26 } => "ASPIRE database cannot be read (damaged, or not a database)",
            SqliteException { SqliteErrorCode: 14 } => "ASPIRE database cannot be opened",
            SqliteException { SqliteErrorCode: 1 } when ex.Message.Contains("no such", StringComparison.OrdinalIgnoreCase)
                => "ASPIRE database does not have the expected tables",
            _ when StoreDrivers.IsPostgreSqlTimeout(ex) => $"ASPIRE did not answer within {waitedSeconds} s",
            _ when StoreDrivers.IsPostgreSqlConnectionFailure(ex) => "ASPIRE server cannot be reached",
            _ when StoreDrivers.IsPostgreSqlSchemaFailure(ex) => "ASPIRE database does not have the expected tables",
            _ => "ASPIRE database cannot be read",
        };
        return new AspireUnavailableException(message, $"{message}: {Describe}: {ex.Message}", ex);
    }
}

using Npgsql;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>
/// A PostgreSQL session advisory lock held on a connection of its own (never pooled: a pooled connection would keep the
/// lock after it was "closed"). Every instance sharing the database sees it; when the holder dies its connection goes and
/// the lock with it.
/// </summary>
public sealed class PostgreSqlLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly long key;

    private PostgreSqlLock(NpgsqlConnection connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>Waits until the lock is free, then holds it.</summary>
    public static async Task<PostgreSqlLock> AcquireAsync(string connectionString, long key, CancellationToken cancellationToken) =>
        (await TakeAsync(connectionString, key, wait: true, cancellationToken))!;

    /// <summary>Holds the lock if it is free now; null when someone else holds it.</summary>
    public static Task<PostgreSqlLock?> TryAcquireAsync(string connectionString, long key, CancellationToken cancellationToken) =>
        TakeAsync(connectionString, key, wait: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                unlock.Parameters.Add(new NpgsqlParameter { Value = key });
                await unlock.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Closing the connection below frees the lock as well.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "One of two constant statements.")]
    private static async Task<PostgreSqlLock?> TakeAsync(string connectionString, long key, bool wait, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 10 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(wait ? "SELECT pg_advisory_lock($1)" : "SELECT pg_try_advisory_lock($1)", connection) { CommandTimeout = 0 };
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            if (wait)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                return new PostgreSqlLock(connection, key);
            }

            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new PostgreSqlLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }
}

/// <summary>Where one instance is all there can be (SQLite), holding the turn costs nothing.</summary>
public sealed class NoLock : IAsyncDisposable
{
    public static readonly NoLock Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

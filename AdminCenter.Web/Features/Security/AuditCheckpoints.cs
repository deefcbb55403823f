using System.Globalization;
using AdminCenter.Web.Infrastructure.Stores;

namespace AdminCenter.Web.Features.Security;

/// <summary>One record of the audit log's head taken outside the store: which chain (its first entry), which entry, its hash.</summary>
public sealed record AuditCheckpoint(DateTimeOffset At, string Store, string FirstHash, long Id, string Hash);

/// <summary>
/// The audit log's head, appended to a file outside the store (owner-only) and written as a log line, so a log pipeline
/// keeps a copy too. Someone who can rewrite the store cannot rewrite these; `audit verify` checks the chain against them.
/// </summary>
public sealed class AuditCheckpoints(LocalSecrets secrets, StoreConnections stores, TimeProvider time, ILogger<AuditCheckpoints> logger)
{
    private readonly Lock gate = new();

    private string StoreName => stores.Describe(Store.AdminCenter);

    public void Record(string firstHash, long id, string hash)
    {
        var line = string.Join('\t', time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), StoreName, firstHash, id.ToString(CultureInfo.InvariantCulture), hash);
        lock (gate)
        {
            var file = secrets.CheckpointFile;
            StoreFiles.CreateOwnerOnly(file);
            File.AppendAllText(file, line + "\n");
        }

        logger.LogInformation("Audit log checkpoint: entry #{Id} has hash {Hash} (chain {First})", id, hash, firstHash);
    }

    /// <summary>The checkpoints of this store's chain: those whose first entry is <paramref name="firstHash"/> (any, when the log is empty).</summary>
    public IReadOnlyList<AuditCheckpoint> Read(string? firstHash)
    {
        var file = secrets.CheckpointFile;
        lock (gate)
        {
            if (!File.Exists(file))
            {
                return [];
            }

            var found = new List<AuditCheckpoint>();
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length == 5 && parts[1] == StoreName && (firstHash is null || parts[2] == firstHash)
                    && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    found.Add(new AuditCheckpoint(at, parts[1], parts[2], id, parts[4]));
                }
            }

            return found;
        }
    }
}

/// <summary>Checkpoints the audit log's head when the app stops.</summary>
public sealed class AuditCheckpointAtShutdown(AuditLog audit, ILogger<AuditCheckpointAtShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await audit.CheckpointAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning("The audit log's head could not be checkpointed at shutdown ({Error}).", ex.GetType().Name);
        }
    }
}

using System.Globalization;
using AdminCenter.Web.Infrastructure.Stores;

namespace AdminCenter.Web.Features.Sync;

/// <summary>A change time a production store has no index on: what each pass over changes then costs, and what to ask for.</summary>
public sealed record ChangeScanNotice(string Text, string CreateIndex);

/// <summary>
/// Whether the Portal and ASPIRE index the change times a pass over changes reads. Without an index the pass still works
/// (it reads the whole table) and this says so: at start-up in the log, and on the sync page. The answer is kept for ten
/// minutes (an index LTi adds is seen without a restart); a store that could not be asked is asked again next time.
/// </summary>
public sealed class ChangeScanCheck(StoreConnections stores, TimeProvider time, ILogger<ChangeScanCheck> logger)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (IReadOnlyList<ChangeScanNotice> Notices, DateTimeOffset At)? kept;
    private readonly HashSet<string> logged = [];

    public async Task<IReadOnlyList<ChangeScanNotice>> NoticesAsync(CancellationToken cancellationToken)
    {
        if (kept is { } known && time.GetUtcNow() - known.At < KeptFor)
        {
            return known.Notices;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (kept is { } found && time.GetUtcNow() - found.At < KeptFor)
            {
                return found.Notices;
            }

            var list = new List<ChangeScanNotice>();
            foreach (var column in ChangeColumn.All)
            {
                var state = await ChangeIndexes.InspectAsync(stores, column, cancellationToken);
                if (!state.Indexed)
                {
                    var notice = Describe(state);
                    list.Add(notice);
                    // Said once per missing index, not every ten minutes.
                    if (logged.Add(notice.CreateIndex))
                    {
                        logger.LogWarning("{Notice}", notice.Text + " " + notice.CreateIndex);
                    }
                }
            }

            kept = (list, time.GetUtcNow());
            return list;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not read which change times the stores index ({Error}); asked again later", ex.Message);
            return [];
        }
        finally
        {
            gate.Release();
        }
    }

    public static ChangeScanNotice Describe(ChangeIndexState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var column = state.Column;
        var rows = state.Rows.ToString("N0", CultureInfo.InvariantCulture);
        if (column.FullPassOrder)
        {
            return new ChangeScanNotice($"ASPIRE has no index on {column.Table}.{column.Column} in byte order: each full pass waits for ASPIRE to sort all {rows} rows of {column.Table} before it reads one. Ask LTi for:", column.CreateIndex);
        }

        return column.Store == Store.Aspire
            ? new ChangeScanNotice($"ASPIRE has no index on {column.Table}.{column.Column}: each pass over changes reads all {rows} rows of {column.Table}. Ask LTi for:", column.CreateIndex)
            : new ChangeScanNotice($"The Portal has no index on {column.Table}.{column.Column}: each pass over changes reads all {rows} payments. Ask the Portal's owners for:", column.CreateIndex);
    }
}

/// <summary>Reads the stores' indexes once at start-up, so a missing one is in the log from the first minute.</summary>
public sealed class ChangeScanCheckAtStart(ChangeScanCheck check) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => check.NoticesAsync(stoppingToken);
}

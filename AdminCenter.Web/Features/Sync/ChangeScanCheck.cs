using System.Globalization;
using AdminCenter.Web.Infrastructure.Stores;

namespace AdminCenter.Web.Features.Sync;

/// <summary>A change time a production store has no index on: what each pass over changes then costs, and what to ask for.</summary>
public sealed record ChangeScanNotice(string Text, string CreateIndex);

/// <summary>
/// Whether the Portal and ASPIRE index the change times a pass over changes reads. Without an index the pass still works
/// (it reads the whole table) and this says so: once at start-up in the log, and on the sync page. The answer is kept once
/// read; a store that could not be asked is asked again next time.
/// </summary>
public sealed class ChangeScanCheck(StoreConnections stores, ILogger<ChangeScanCheck> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<ChangeScanNotice>? notices;

    public async Task<IReadOnlyList<ChangeScanNotice>> NoticesAsync(CancellationToken cancellationToken)
    {
        if (notices is { } known)
        {
            return known;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (notices is { } found)
            {
                return found;
            }

            var list = new List<ChangeScanNotice>();
            foreach (var column in ChangeColumn.All)
            {
                var state = await ChangeIndexes.InspectAsync(stores, column, cancellationToken);
                if (!state.Indexed)
                {
                    var notice = Describe(state);
                    list.Add(notice);
                    logger.LogWarning("{Notice}", notice.Text + " " + notice.CreateIndex);
                }
            }

            notices = list;
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

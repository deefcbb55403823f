using AdminCenter.Web.Options;
namespace AdminCenter.Web.Features.Security;

/// <summary>Marks the sign-in form's endpoint: its POSTs are what the sign-in rate limit counts.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInFormAttribute : Attribute;

/// <summary>
/// Counts the sign-in attempts the rate limit refused and writes them to the audit log as one line a minute, so a flood
/// of attempts cannot flood the (undeletable) audit log.
/// </summary>
public sealed class SignInThrottle(AuditLog audit, TimeProvider time, ILogger<SignInThrottle> logger, Microsoft.Extensions.Options.IOptions<SecurityOptions> options) : BackgroundService
{
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> perAccount = System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(
        email => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(email, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInsPerMinutePerAccount,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }), StringComparer.Ordinal);

    private long refused;

    public void Refused() => Interlocked.Increment(ref refused);

    /// <summary>
    /// False when this email (as typed, whether or not it names an account) was tried more than SignInsPerMinutePerAccount
    /// times in the last minute, from any address: the attempt is refused with the usual answer and counted.
    /// </summary>
    public bool TryAccount(string? email)
    {
        using var lease = perAccount.AttemptAcquire((email ?? "").Trim().ToUpperInvariant());
        if (lease.IsAcquired)
        {
            return true;
        }

        Refused();
        return false;
    }

    public override void Dispose()
    {
        perAccount.Dispose();
        base.Dispose();
    }

    /// <summary>Writes the count since the last flush (if any) as one audit line.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var count = Interlocked.Exchange(ref refused, 0);
        if (count > 0)
        {
            await audit.AppendAsync("(rate limit)", AuditActions.SignInsRefused, null, $"{count} sign-in attempt{(count == 1 ? " was" : "s were")} refused by the rate limit", cancellationToken);
            logger.LogWarning("{Count} sign-in attempts were refused by the rate limit in the last minute", count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        finally
        {
            await FlushAsync(CancellationToken.None);
        }
    }
}

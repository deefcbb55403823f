namespace AdminCenter.Web.Features.Aspire;

/// <summary>Remembers since when ASPIRE could not be read, so pages can say "ASPIRE unavailable since …".</summary>
public sealed class AspireAvailability(TimeProvider time)
{
    private readonly Lock gate = new();

    public DateTimeOffset? UnavailableSince { get; private set; }

    public string? LastError { get; private set; }

    public void ReportFailure(string message)
    {
        lock (gate)
        {
            UnavailableSince ??= time.GetUtcNow();
            LastError = message;
        }
    }

    public void ReportSuccess()
    {
        lock (gate)
        {
            UnavailableSince = null;
            LastError = null;
        }
    }
}

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>Instants are stored as UTC DateTime; SQLite hands them back without a kind, PostgreSQL with Kind Utc.</summary>
public static class UtcInstant
{
    public static DateTimeOffset From(DateTime storedUtc) => new(DateTime.SpecifyKind(storedUtc, DateTimeKind.Utc));

    public static DateTimeOffset? From(DateTime? storedUtc) => storedUtc is { } at ? From(at) : null;

    public static DateTime ToStored(DateTimeOffset instant) => instant.UtcDateTime;
}

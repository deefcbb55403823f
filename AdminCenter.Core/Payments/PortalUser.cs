namespace AdminCenter.Core.Payments;

/// <summary>A Customer Portal user as support staff see them. Display-only values are null when their stored value could not be read.</summary>
public sealed record PortalUser(
    long Id,
    string UserName,
    string Email,
    string FirstName,
    string LastName,
    long? AspireCustomerId,
    bool IsActive,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    public string FullName => $"{FirstName} {LastName}".Trim() is { Length: > 0 } name ? name : $"Portal user {Id}";
}

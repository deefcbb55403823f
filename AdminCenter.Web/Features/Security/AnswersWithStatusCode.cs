namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Endpoint metadata: this endpoint is not a page, so an anonymous or unauthorised request gets 401/403 rather than a
/// redirect to the sign-in page (a download link opened after the session ended should fail plainly).
/// </summary>
public sealed class AnswersWithStatusCode
{
    public static AnswersWithStatusCode Instance { get; } = new();
}

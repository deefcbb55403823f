namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Audits what a page shows, once per opening: the caller keeps the returned mark (persisted from prerender to the live
/// render). The person is checked against their session first, so a page opened after it ended is neither shown nor audited.
/// </summary>
public sealed class PageAudit(AuditLog audit, StaffIdentity staff)
{
    public async Task<string> OnceAsync(string? alreadyAudited, string action, string subject, string? detail)
    {
        var who = await staff.CurrentAsync();
        if (!who.IsSupport)
        {
            throw new SessionEndedException();
        }

        if (alreadyAudited != subject)
        {
            await audit.AppendAsync(who, action, subject, detail, CancellationToken.None);
        }

        return subject;
    }
}

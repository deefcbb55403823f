

namespace AdminCenter.Web.Features.Security;

/// <summary>Audits what a page shows, once per opening: the caller keeps the returned mark (persisted from prerender to the live render).</summary>
public sealed class PageAudit(AuditLog audit, StaffIdentity staff)
{
    public async Task<string> OnceAsync(string? alreadyAudited, string action, string subject, string? detail)
    {
        if (alreadyAudited != subject)
        {
            await audit.AppendAsync((await staff.CurrentAsync()).Name, action, subject, detail, CancellationToken.None);
        }

        return subject;
    }
}

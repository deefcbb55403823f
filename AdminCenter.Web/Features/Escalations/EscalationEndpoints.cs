using System.Text;
using AdminCenter.Core;

namespace AdminCenter.Web.Features.Escalations;

public static class EscalationEndpoints
{
    /// <summary>Downloads of an escalation's evidence pack: /escalations/{id}/pack.csv, .json and .txt.</summary>
    public static IEndpointRouteBuilder MapEscalationDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/escalations/{id:long}/pack.{format}", async (long id, string format, EvidencePackBuilder builder, DisplayClock clock, AdminCenter.Web.Features.Security.AuditLog audit, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (format is not ("csv" or "json" or "txt"))
            {
                return Results.NotFound();
            }

            var pack = await builder.BuildAsync(id, cancellationToken);
            if (pack is null)
            {
                return Results.NotFound();
            }

            var (content, type) = format switch
            {
                "csv" => (pack.ToCsv(), "text/csv"),
                "json" => (pack.ToJson(), "application/json"),
                _ => (pack.ToText(clock), "text/plain"),
            };
            await audit.AppendAsync(context.User.Identity?.Name ?? "unknown", AdminCenter.Web.Features.Security.AuditActions.Download, $"escalation {id}", $"evidence pack as {format}",
                AdminCenter.Web.Features.Security.AuditOrigin.Of(context), cancellationToken);
            return Results.File(Encoding.UTF8.GetBytes(content), type + "; charset=utf-8", $"escalation-{id}-evidence.{format}");
        }).RequireAuthorization(AdminCenter.Web.Features.Security.StaffPolicies.Support).WithMetadata(AdminCenter.Web.Features.Security.AnswersWithStatusCode.Instance);
        return app;
    }
}

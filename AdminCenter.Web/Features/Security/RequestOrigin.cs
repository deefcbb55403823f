using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AdminCenter.Web.Features.Security;

/// <summary>Where an audited act comes from: the client's address (as the known proxies forward it) and the session's reference.</summary>
public sealed record AuditOrigin(string? ClientAddress, string? Session)
{
    public static AuditOrigin None { get; } = new(null, null);

    public static AuditOrigin Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(RequestOrigin.Describe(context), StaffSessions.IdOf(context.User) is { } id ? StaffSessions.KeyOf(id) : null);
    }
}

/// <summary>
/// The client address of this request or open page. A page's is taken when its circuit connects (HttpContext is not there
/// for the page's later events).
/// </summary>
public sealed class RequestOrigin(IHttpContextAccessor accessor)
{
    private string? address;

    public string? ClientAddress => address ??= accessor.HttpContext is { } context ? Describe(context) : null;

    public void Capture() => _ = ClientAddress;

    public static string? Describe(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.Connection.RemoteIpAddress;
        return remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
    }
}

/// <summary>Takes the client address when an open page's connection comes up.</summary>
public sealed class RequestOriginCircuitHandler(RequestOrigin origin) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        origin.Capture();
        return Task.CompletedTask;
    }
}

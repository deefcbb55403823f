using AdminCenter.Web.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>Carries why a session ended from the refused request to the sign-in page, which shows it once.</summary>
public static class SessionEndNotice
{
    public const string Cookie = "AdminCenter.SessionEnded";

    /// <summary>The notice for this request's sign-in page, if a session of this browser just ended; the cookie is spent.</summary>
    public static string? Take(HttpContext context, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = context.Items[Cookie] as string ?? context.Request.Cookies[Cookie];
        if (context.Request.Cookies.ContainsKey(Cookie) && !context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(Cookie);
        }

        return SessionEndReasons.ForThePerson(reason, options);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Options;

/// <summary>"AdminCenter:Alerts": where alerts go and how often a lasting trouble is repeated.</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Alerts";

    /// <summary>An http(s) address that receives each alert as a JSON POST; empty: no webhook.</summary>
    public string? WebhookUrl { get; set; }

    public bool WebhookConfigured => !string.IsNullOrWhiteSpace(WebhookUrl);

    /// <summary>While a trouble lasts, it is said again this often.</summary>
    [Range(1, 10080, ErrorMessage = "AdminCenter:Alerts:ReminderMinutes must be between {1} and {2}.")]
    public int ReminderMinutes { get; set; } = 60;

    /// <summary>An alert when more payments than this have a critical finding.</summary>
    [Range(0, 1_000_000, ErrorMessage = "AdminCenter:Alerts:CriticalAbove must be between {1} and {2}.")]
    public int CriticalAbove { get; set; } = 25;

    /// <summary>A delivery that failed is tried again after this, doubling each time (at most 15 minutes apart).</summary>
    [Range(1, 3600, ErrorMessage = "AdminCenter:Alerts:RetryAfterSeconds must be between {1} and {2}.")]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>A delivery still failing this long after its alert is given up, shown as expired and counted.</summary>
    [Range(5, 7 * 86400, ErrorMessage = "AdminCenter:Alerts:DeliveryExpirySeconds must be between {1} and {2}.")]
    public int DeliveryExpirySeconds { get; set; } = 86400;

    /// <summary>The address people open AdminCenter at (https://admincenter.example.com), for the link in each alert; empty: a relative link.</summary>
    public string? PublicUrl { get; set; }

    [ValidateObjectMembers]
    public AlertEmailOptions Email { get; set; } = new();

    /// <summary>Channels by kind (AdminCenter:Alerts:Channels:0:Kind …), besides WebhookUrl and Email above, which keep working.</summary>
    public List<AlertChannelOptions> Channels { get; set; } = [];

    /// <summary>"webhook (Webhook)", "email (Email)", "on-call (PagerDuty)" …, in the order alerts go out.</summary>
    public IReadOnlyList<string> ChannelNames() => Named().Select(n => $"{n.Name} ({n.Kind})").ToList();

    /// <summary>
    /// Every channel with its name: WebhookUrl as "webhook", Email as "email", then Channels, each named by its Name or its
    /// kind in lower case ("slack", then "slack-2" …). Channels whose kind does not parse are left out (validation names them).
    /// </summary>
    public IReadOnlyList<(string Name, AlertChannelKind Kind, AlertChannelOptions? Channel)> Named()
    {
        var named = new List<(string Name, AlertChannelKind Kind, AlertChannelOptions? Channel)>();
        if (WebhookConfigured)
        {
            named.Add(("webhook", AlertChannelKind.Webhook, null));
        }

        if (Email.Enabled)
        {
            named.Add(("email", AlertChannelKind.Email, null));
        }

        foreach (var channel in Channels)
        {
            if (channel.ParsedKind is not { } kind)
            {
                continue;
            }

            var name = channel.Name?.Trim() is { Length: > 0 } given ? given : kind.ToString().ToLowerInvariant();
            if (channel.Name is not { Length: > 0 } && named.Any(n => n.Name == name))
            {
                name = $"{name}-{named.Count(n => n.Name == name || n.Name.StartsWith(name + "-", StringComparison.Ordinal)) + 1}";
            }

            named.Add((name, kind, channel));
        }

        return named;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Channels.Count; i++)
        {
            foreach (var failure in Channels[i].Validate($"{Section}:Channels:{i}"))
            {
                yield return new ValidationResult(failure);
            }
        }

        var names = Named().Select(n => n.Name).ToList();
        foreach (var twice in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"{Section}:Channels: the channel name '{twice.Key}' is used more than once; give each a Name of its own.");
        }

        if (!string.IsNullOrWhiteSpace(WebhookUrl) && !IsHttp(WebhookUrl))
        {
            yield return new ValidationResult($"{Section}:WebhookUrl must be an absolute http or https address.");
        }

        if (!string.IsNullOrWhiteSpace(PublicUrl) && !IsHttp(PublicUrl))
        {
            yield return new ValidationResult($"{Section}:PublicUrl must be an absolute http or https address.");
        }
    }

    private static bool IsHttp(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>"AdminCenter:Alerts:Email": an SMTP server and who gets the alerts; no Host: no email.</summary>
public sealed class AlertEmailOptions : IValidatableObject
{
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "AdminCenter:Alerts:Email:Port must be between {1} and {2}.")]
    public int Port { get; set; } = 25;

    /// <summary>Auto (STARTTLS when offered), None, StartTls or SslOnConnect.</summary>
    [EnumDataType(typeof(SecureSocketOptions), ErrorMessage = "AdminCenter:Alerts:Email:Security must be Auto, None, StartTls or SslOnConnect.")]
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? From { get; set; }

    public List<string> To { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!IsAddress(From))
        {
            yield return new ValidationResult("AdminCenter:Alerts:Email:From must be an email address when Host is set.");
        }

        if (To.Count == 0 || To.Any(t => !IsAddress(t)))
        {
            yield return new ValidationResult("AdminCenter:Alerts:Email:To must list at least one email address when Host is set.");
        }
    }

    private static bool IsAddress(string? text) => !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text, out _);
}

/// <summary>What a channel speaks: AdminCenter's JSON, a Slack incoming webhook, a Teams workflow, PagerDuty Events v2, or email.</summary>
public enum AlertChannelKind
{
    Webhook,
    Slack,
    Teams,
    PagerDuty,
    Email,
}

/// <summary>"AdminCenter:Alerts:Channels:N": one channel.</summary>
public sealed class AlertChannelOptions
{
    public const string PagerDutyEventsUrl = "https://events.pagerduty.com/v2/enqueue";

    /// <summary>Text, parsed here: the configuration binder drops a list item whose enum does not parse, without a word.</summary>
    public string? Kind { get; set; }

    public AlertChannelKind? ParsedKind =>
        Enum.TryParse<AlertChannelKind>(Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(Kind, out _) ? kind : null;

    /// <summary>Its name on the sync page and in the metrics; default: the kind in lower case, numbered from the second of a kind.</summary>
    public string? Name { get; set; }

    /// <summary>Webhook, Slack and Teams: the address to POST to. PagerDuty: the Events API address (default PagerDuty's own).</summary>
    public string? Url { get; set; }

    /// <summary>PagerDuty: the integration's routing key (Events API v2).</summary>
    public string? RoutingKey { get; set; }

    /// <summary>Email: the SMTP server and recipients.</summary>
    public AlertEmailOptions Email { get; set; } = new();

    public string EffectiveUrl => ParsedKind == AlertChannelKind.PagerDuty && string.IsNullOrWhiteSpace(Url) ? PagerDutyEventsUrl : Url ?? "";

    public IEnumerable<string> Validate(string key)
    {
        if (ParsedKind is not { } kind)
        {
            yield return $"{key}:Kind must be one of Webhook, Slack, Teams, PagerDuty or Email.";
            yield break;
        }

        if (kind != AlertChannelKind.Email && !(Uri.TryCreate(EffectiveUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"{key}:Url must be an absolute http or https address.";
        }

        if (kind == AlertChannelKind.PagerDuty && string.IsNullOrWhiteSpace(RoutingKey))
        {
            yield return $"{key}:RoutingKey is required for a PagerDuty channel (the integration key of an Events API v2 service).";
        }

        if (kind == AlertChannelKind.Email)
        {
            if (!Email.Enabled)
            {
                yield return $"{key}:Email:Host is required for an Email channel.";
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(Email, new ValidationContext(Email), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return (result.ErrorMessage ?? "").Replace("AdminCenter:Alerts:Email", $"{key}:Email", StringComparison.Ordinal);
            }
        }
    }
}

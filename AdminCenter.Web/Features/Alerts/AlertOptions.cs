using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Alerts;

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

    /// <summary>The address people open AdminCenter at (https://admincenter.example.com), for the link in each alert; empty: a relative link.</summary>
    public string? PublicUrl { get; set; }

    [ValidateObjectMembers]
    public AlertEmailOptions Email { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
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

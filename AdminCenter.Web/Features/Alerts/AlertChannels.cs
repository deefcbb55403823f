using System.Text.Json;
using AdminCenter.Core.Alerts;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AdminCenter.Web.Features.Alerts;

/// <summary>One alert as it leaves AdminCenter: states, times, counts and a link; never a name, email, reference or amount.</summary>
public sealed record AlertMessage(string Kind, string State, string? PreviousState, DateTimeOffset Since, DateTimeOffset At, string Summary, bool Reminder, bool Recovery, string Link)
{
    public static AlertMessage From(AlertDecision decision, DateTimeOffset at, string link)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var c = decision.Condition;
        return new AlertMessage(c.Kind.ToString().ToLowerInvariant(), c.State, decision.PreviousState, c.Since, at, c.Summary, decision.Reminder, decision.Recovery, link);
    }

    /// <summary>"[AdminCenter] ASPIRE Unreadable: …", "[AdminCenter] Recovered: …", "[AdminCenter] Still Stale: …".</summary>
    public string Subject => $"[AdminCenter] {(Recovery ? "Recovered" : Reminder ? "Still" : "Alert")} {Kind} {State}: {Summary}";
}

/// <summary>Where alerts go; each returns what happened, for the history ("delivered …", "failed: …", "not configured").</summary>
public interface IAlertChannel
{
    string Name { get; }

    Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken);
}

/// <summary>A JSON POST to AdminCenter:Alerts:WebhookUrl through the "alerts" HTTP client (retries with backoff from its resilience pipeline).</summary>
public sealed class WebhookAlertChannel(IHttpClientFactory clients, IOptions<AlertOptions> options, ILogger<WebhookAlertChannel> logger) : IAlertChannel
{
    public const string ClientName = "alerts";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "webhook";

    public async Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl))
        {
            return "not configured";
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(new Uri(options.Value.WebhookUrl), message, Json, cancellationToken);
            return response.IsSuccessStatusCode ? $"delivered (HTTP {(int)response.StatusCode})" : $"failed: HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning("Alert webhook failed: {Error}", ex.Message);
            return $"failed: {ex.GetType().Name}";
        }
    }
}

/// <summary>An email over SMTP (MailKit) to AdminCenter:Alerts:Email:To.</summary>
public sealed class EmailAlertChannel(IOptions<AlertOptions> options, ILogger<EmailAlertChannel> logger) : IAlertChannel
{
    public string Name => "email";

    public async Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = options.Value.Email;
        if (!email.Enabled)
        {
            return "not configured";
        }

        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse(email.From!));
        foreach (var to in email.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        mime.Body = new TextPart("plain")
        {
            Text = string.Join("\n",
                message.Summary,
                "",
                $"Kind: {message.Kind}",
                $"State: {message.State}{(message.PreviousState is null ? "" : $" (was {message.PreviousState})")}",
                $"Since: {message.Since:yyyy-MM-dd HH:mm:ss} UTC",
                $"At: {message.At:yyyy-MM-dd HH:mm:ss} UTC",
                $"Sync health: {message.Link}"),
        };

        try
        {
            using var smtp = new SmtpClient { Timeout = 15_000 };
            await smtp.ConnectAsync(email.Host!, email.Port, email.Security, cancellationToken);
            if (!string.IsNullOrEmpty(email.UserName))
            {
                await smtp.AuthenticateAsync(email.UserName, email.Password ?? "", cancellationToken);
            }

            await smtp.SendAsync(mime, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            return $"delivered to {email.To.Count}";
        }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException or TimeoutException or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException)
        {
            logger.LogWarning("Alert email failed: {Error}", ex.Message);
            return $"failed: {ex.GetType().Name}";
        }
    }
}

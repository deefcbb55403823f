using System.Text;
using System.Text.Json;
using AdminCenter.Core.Alerts;
using AdminCenter.Web.Options;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AdminCenter.Web.Features.Alerts;

/// <summary>
/// One alert as it leaves AdminCenter: states, times, counts and a link; never a name, email, reference or amount.
/// <see cref="TroubleSince"/> is when the trouble began (for a recovery: the trouble it ends), which keys it in paging tools.
/// </summary>
public sealed record AlertMessage(string Kind, string State, string? PreviousState, DateTimeOffset Since, DateTimeOffset At, string Summary, bool Reminder, bool Recovery, string Link)
{
    public DateTimeOffset TroubleSince { get; init; } = Since;

    public static AlertMessage From(AlertDecision decision, DateTimeOffset at, string link, DateTimeOffset? troubleSince = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var c = decision.Condition;
        return new AlertMessage(c.Kind.ToString().ToLowerInvariant(), c.State, decision.PreviousState, c.Since, at, c.Summary, decision.Reminder, decision.Recovery, link)
        {
            TroubleSince = troubleSince ?? c.Since,
        };
    }

    /// <summary>"[AdminCenter] ASPIRE Unreadable: …", "[AdminCenter] Recovered: …", "[AdminCenter] Still Stale: …".</summary>
    public string Subject => $"[AdminCenter] {(Recovery ? "Recovered" : Reminder ? "Still" : "Alert")} {Kind} {State}: {Summary}";

    /// <summary>One key per trouble (kind and when it began): a paging tool's trigger, reminders and recovery share it.</summary>
    public string TroubleKey => $"admincenter-{Kind}-{TroubleSince.UtcDateTime:yyyyMMddTHHmmssZ}";

    /// <summary>How bad, in the words paging tools use: ASPIRE unreadable and a failing sync stop the support floor.</summary>
    public string Severity => Recovery ? "info" : (Kind, State) switch
    {
        ("aspire", _) => "critical",
        ("sync", "Failing") => "critical",
        _ => "error",
    };
}

/// <summary>Where alerts go; each returns what happened, for the history ("delivered …", "failed: …").</summary>
public interface IAlertChannel
{
    string Name { get; }

    Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken);
}

/// <summary>The configured channels: AdminCenter:Alerts:WebhookUrl and :Email (as "webhook" and "email"), then :Channels.</summary>
public sealed class AlertChannelSet(IOptions<AlertOptions> options, IHttpClientFactory clients, ILoggerFactory logs)
{
    private readonly Lazy<IReadOnlyList<IAlertChannel>> all = new(() => Build(options.Value, clients, logs));

    public IReadOnlyList<IAlertChannel> All => all.Value;

    private static List<IAlertChannel> Build(AlertOptions options, IHttpClientFactory clients, ILoggerFactory logs) =>
        options.Named().Select(n => n.Kind == AlertChannelKind.Email
                ? (IAlertChannel)new EmailAlertChannel(n.Name, n.Channel?.Email ?? options.Email, logs.CreateLogger<EmailAlertChannel>())
                : new HttpAlertChannel(n.Name, n.Kind, n.Channel?.EffectiveUrl ?? options.WebhookUrl!, n.Channel?.RoutingKey, clients, logs.CreateLogger<HttpAlertChannel>()))
            .ToList();
}

/// <summary>
/// A POST of the body the receiving service expects (<see cref="AlertBodies"/>), sent with its Content-Length, through the
/// "alerts" HTTP client (retries with backoff from its resilience pipeline).
/// </summary>
public sealed class HttpAlertChannel(string name, AlertChannelKind kind, string url, string? routingKey, IHttpClientFactory clients, ILogger<HttpAlertChannel> logger) : IAlertChannel
{
    public const string ClientName = "alerts";

    public string Name => name;

    public async Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = AlertBodies.For(kind, message, routingKey);
        try
        {
            // StringContent knows its length: no chunked body, which some receivers refuse.
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await clients.CreateClient(ClientName).PostAsync(new Uri(url), content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return $"delivered (HTTP {(int)response.StatusCode})";
            }

            logger.LogWarning("Alert channel {Channel} ({Kind}) answered HTTP {Status}", name, kind, (int)response.StatusCode);
            return $"failed: HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning("Alert channel {Channel} ({Kind}) failed: {Error}", name, kind, ex.GetType().Name);
            return $"failed: {ex.GetType().Name}";
        }
    }
}

/// <summary>An email over SMTP (MailKit).</summary>
public sealed class EmailAlertChannel(string name, AlertEmailOptions email, ILogger<EmailAlertChannel> logger) : IAlertChannel
{
    public string Name => name;

    public async Task<string> SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
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
            logger.LogWarning("Alert channel {Channel} (email) failed: {Error}", name, ex.GetType().Name);
            return $"failed: {ex.GetType().Name}";
        }
    }
}

/// <summary>The body each kind of receiver expects, from the same message (no customer data in any of them).</summary>
public static class AlertBodies
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static string For(AlertChannelKind kind, AlertMessage message, string? routingKey) => kind switch
    {
        AlertChannelKind.Slack => Slack(message),
        AlertChannelKind.Teams => Teams(message),
        AlertChannelKind.PagerDuty => PagerDuty(message, routingKey ?? ""),
        _ => Webhook(message),
    };

    /// <summary>AdminCenter's own JSON, as it has always been: the message's fields, nothing derived.</summary>
    public static string Webhook(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return JsonSerializer.Serialize(new { m.Kind, m.State, m.PreviousState, m.Since, m.At, m.Summary, m.Reminder, m.Recovery, m.Link }, Web);
    }

    private static string Title(AlertMessage m) => $"{(m.Recovery ? "Recovered" : m.Reminder ? "Still" : "Alert")}: {m.Kind} {m.State}";

    private static string Was(AlertMessage m) => m.PreviousState is null ? m.State : $"{m.State} (was {m.PreviousState})";

    /// <summary>Slack incoming webhook: <c>text</c> (the notification and fallback) and Block Kit blocks.</summary>
    public static string Slack(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return JsonSerializer.Serialize(new
        {
            text = $"[AdminCenter] {Title(m)}: {m.Summary}",
            blocks = new object[]
            {
                new { type = "header", text = new { type = "plain_text", text = $"AdminCenter · {Title(m)}", emoji = false } },
                new { type = "section", text = new { type = "mrkdwn", text = m.Summary } },
                new
                {
                    type = "section",
                    fields = new object[]
                    {
                        new { type = "mrkdwn", text = $"*State*\n{Was(m)}" },
                        new { type = "mrkdwn", text = $"*Since*\n{m.Since:yyyy-MM-dd HH:mm} UTC" },
                    },
                },
                new
                {
                    type = "actions",
                    elements = new object[] { new { type = "button", text = new { type = "plain_text", text = "Open sync health" }, url = m.Link } },
                },
            },
        }, Web);
    }

    /// <summary>Microsoft Teams workflow ("When a Teams webhook request is received"): a message carrying an Adaptive Card 1.4.</summary>
    public static string Teams(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var card = new Dictionary<string, object?>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new object[]
            {
                new { type = "TextBlock", text = $"AdminCenter · {Title(m)}", weight = "Bolder", size = "Medium", wrap = true, color = m.Recovery ? "Good" : "Attention" },
                new { type = "TextBlock", text = m.Summary, wrap = true },
                new
                {
                    type = "FactSet",
                    facts = new object[]
                    {
                        new { title = "State", value = Was(m) },
                        new { title = "Since", value = $"{m.Since:yyyy-MM-dd HH:mm} UTC" },
                        new { title = "At", value = $"{m.At:yyyy-MM-dd HH:mm} UTC" },
                    },
                },
            },
            ["actions"] = new object[] { new { type = "Action.OpenUrl", title = "Open sync health", url = m.Link } },
        };
        return JsonSerializer.Serialize(new
        {
            type = "message",
            attachments = new object[] { new { contentType = "application/vnd.microsoft.card.adaptive", contentUrl = (string?)null, content = card } },
        }, Web);
    }

    /// <summary>PagerDuty Events API v2: trigger (and reminders, which PagerDuty folds into the open incident) or resolve, keyed per trouble.</summary>
    public static string PagerDuty(AlertMessage m, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(m);
        var summary = $"AdminCenter {m.Kind} {m.State}: {m.Summary}";
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["routing_key"] = routingKey,
            ["event_action"] = m.Recovery ? "resolve" : "trigger",
            ["dedup_key"] = m.TroubleKey,
            ["payload"] = new Dictionary<string, object?>
            {
                ["summary"] = summary.Length > 1024 ? summary[..1024] : summary,
                ["source"] = "AdminCenter",
                ["severity"] = m.Recovery ? "info" : m.Severity,
                ["timestamp"] = m.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["component"] = m.Kind,
                ["group"] = "admincenter",
                ["class"] = m.State,
                ["custom_details"] = new Dictionary<string, object?> { ["state"] = m.State, ["previous_state"] = m.PreviousState, ["since"] = m.Since, ["reminder"] = m.Reminder },
            },
            ["links"] = new object[] { new { href = m.Link, text = "Sync health" } },
        });
    }
}

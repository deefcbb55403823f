using System.Net;
using System.Text.RegularExpressions;

namespace AdminCenter.Tests.Support;

/// <summary>A plain HTTP client against the real Kestrel server, signed in through the sign-in form: cookies kept, redirects not followed.</summary>
public static partial class SignedIn
{
    public static async Task<HttpClient> ClientAsync(AppFactory app, string? email, string password = AppFactory.DemoPassword, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        if (email is not null)
        {
            var response = await SignInAsync(client, email, password);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"sign-in as {email} answered {response.StatusCode}");
            }
        }

        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string path = "/signin")
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        return await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = Token(form),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

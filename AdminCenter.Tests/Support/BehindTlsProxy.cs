namespace AdminCenter.Tests.Support;

/// <summary>
/// A client as the app sees one behind a TLS-terminating proxy: plain HTTP to Kestrel with X-Forwarded-Proto https and a
/// client address, sending back every cookie it was given (Secure ones too: the browser holds them over HTTPS).
/// </summary>
public static class BehindTlsProxy
{
    public static HttpClient Client(Uri baseAddress, string clientAddress, string? host = null)
    {
        var client = new HttpClient(new CookieJar(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        if (host is not null)
        {
            client.DefaultRequestHeaders.Host = host;
        }

        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var header in set)
                {
                    var pair = header.Split(';', 2)[0];
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        cookies.Remove(name);
                    }
                    else
                    {
                        cookies[name] = value;
                    }
                }
            }

            return response;
        }
    }
}

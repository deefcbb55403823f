using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminCenter.Tests.Support;

/// <summary>
/// The tests' identity provider: oidc-provider (a certified OpenID provider, from npm) run by Node on a free loopback port,
/// with people in different groups (AdminCenter.Tests/Oidc/provider.mjs). .ci/run installs it; a missing Node or package
/// fails the test with what to do, never skips it.
/// </summary>
public sealed class OidcProvider : IDisposable
{
    public const string ClientId = "admincenter";
    public const string ClientSecret = "admincenter-test-secret";

    private readonly Process process;

    private OidcProvider(Process process, Uri authority, System.Security.Cryptography.RSA signingKey)
    {
        this.process = process;
        Authority = authority;
        SigningKey = signingKey;
    }

    public Uri Authority { get; }

    /// <summary>The provider's signing key (RS256, kid "test-key"), for a test that must forge what only the provider can sign.</summary>
    public System.Security.Cryptography.RSA SigningKey { get; }

    public const string KeyId = "test-key";

    /// <summary>The app settings that switch single sign-on on against this provider.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AdminCenter:Authentication:Oidc:Authority"] = Authority.ToString().TrimEnd('/'),
        ["AdminCenter:Authentication:Oidc:ClientId"] = ClientId,
        ["AdminCenter:Authentication:Oidc:ClientSecret"] = ClientSecret,
        ["AdminCenter:Authentication:Oidc:RequireHttpsMetadata"] = "false",
        ["AdminCenter:Authentication:Oidc:Scopes:0"] = "openid",
        ["AdminCenter:Authentication:Oidc:Scopes:1"] = "email",
        ["AdminCenter:Authentication:Oidc:Scopes:2"] = "profile",
        ["AdminCenter:Authentication:Oidc:Scopes:3"] = "groups",
        ["AdminCenter:Authentication:Oidc:SupportGroups:0"] = "ac-support",
        ["AdminCenter:Authentication:Oidc:AdminGroups:0"] = "ac-admins",
        ["AdminCenter:Authentication:Oidc:DisplayName"] = "Corp sign-in",
    };

    public static async Task<OidcProvider> StartAsync()
    {
        var folder = RepositoryRoot.File("AdminCenter.Tests", "Oidc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed in {folder}: run `npm ci` there (.ci/run does).");
        }

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var key = System.Security.Cryptography.RSA.Create(2048);
        var p = key.ExportParameters(includePrivateParameters: true);
        static string B64(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
        var jwks = System.Text.Json.JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", kid = KeyId, alg = "RS256", use = "sig", n = B64(p.Modulus!), e = B64(p.Exponent!), d = B64(p.D!), p = B64(p.P!), q = B64(p.Q!), dp = B64(p.DP!), dq = B64(p.DQ!), qi = B64(p.InverseQ!) },
            },
        });
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PROVIDER_JWKS"] = jwks;
        start.ArgumentList.Add("provider.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node is not installed: install Node.js 20 or later (.ci/run does).", ex);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        void Line(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException($"oidc-provider ended before it listened:\n{output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new OidcProvider(process, new Uri($"http://127.0.0.1:{port}/"), key);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        SigningKey.Dispose();
    }
}

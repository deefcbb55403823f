using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AdminCenter.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the whole test run, started from the server binaries on the machine (initdb into a
/// temporary folder, a free loopback port; as the postgres user when the tests run as root) and removed at exit. Its
/// default collation is ICU en-US, so anything that relies on byte order without asking for it shows up. The app
/// connects as the role <see cref="AppRole"/>, which owns the databases it is given and nothing more.
/// </summary>
public sealed class PostgresServer
{
    public const string AppRole = "admincenter";

    /// <summary>A password in every app connection string: trust authentication ignores it, and no message may show it.</summary>
    public const string AppPassword = "not-shown-anywhere";

    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string folder;
    private readonly string binaries;
    private readonly bool asPostgresUser;

    private PostgresServer(string folder, string binaries, bool asPostgresUser, int port)
    {
        this.folder = folder;
        this.binaries = binaries;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The server, started on first use; a machine without the binaries fails the test with what to install.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    public string SuperuserConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30";

    public string AppConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={AppRole};Password={AppPassword};Database={database};Timeout=30";

    /// <summary>A new empty database owned by the app's role.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        Execute($"CREATE DATABASE \"{name}\" OWNER {AppRole}");
        return name;
    }

    public void DropDatabase(string name)
    {
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs SQL as the superuser in a database (the way an operator or an intruder with the server would).</summary>
    public void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, string database)
    {
        using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static PostgresServer Start()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The PostgreSQL test server runs on Linux (Debian's postgresql package).");
        }

        var binaries = FindBinaries();
        var root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var folder = Path.Combine("/tmp", $"admincenter-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (root)
        {
            // The server refuses to run as root: the folder becomes the postgres user's.
            Run("chown", ["postgres:postgres", folder], asPostgresUser: false,
                "chown to the postgres user failed: is the postgresql package installed (it creates that user)?");
        }

        var data = Path.Combine(folder, "data");
        Run(Path.Combine(binaries, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US", "--no-sync"],
            root, "initdb failed");
        var port = FreePort();
        var server = new PostgresServer(folder, binaries, root, port);
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        Run(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"],
            root, $"pg_ctl start failed (server log: {Path.Combine(folder, "server.log")})");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.Execute($"CREATE ROLE {AppRole} LOGIN");
        return server;
    }

    private void Stop()
    {
        try
        {
            Run(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], asPostgresUser, "pg_ctl stop failed");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort at exit
            }
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("ADMINCENTER_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl), looked for in /usr/lib/postgresql/<version>/bin " +
                "and $ADMINCENTER_PG_BIN. Install them with 'apt-get install postgresql' (Debian's postgresql-15), or run .ci/run, which does.");
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgresUser, string failure)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var part in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{failure}: could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{failure} (exit {process.ExitCode}): {error.Result} {output.Result}".Trim());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

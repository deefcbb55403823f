using System.Diagnostics;
using System.Globalization;

namespace AdminCenter.Tests.Support;

/// <summary>
/// The app in a process of its own (dotnet AdminCenter.Web.dll on a free loopback port), with the tests' startup hook
/// in it so that <see cref="HeapAsync"/> reads its managed heap and nothing else's.
/// </summary>
public sealed class ChildApp : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;

    private ChildApp(Process process, string folder, Uri baseAddress)
    {
        this.process = process;
        this.folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ChildApp> StartAsync(string folder, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(ChildApp).Assembly.Location;
        start.Environment[StartupHook.FolderVariable] = folder;
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                listening.TrySetException(new InvalidOperationException($"the app ended before it listened:\n{output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            const string Marker = "Now listening on: ";
            if (line.Contains(Marker, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ChildApp(process, folder, await listening.Task.WaitAsync(TimeSpan.FromMinutes(2)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The app's managed heap after full collections, once it has stopped moving.</summary>
    public async Task<long> HeapAsync()
    {
        var answer = Path.Combine(folder, StartupHook.Answer);
        File.Delete(answer);
        await File.WriteAllTextAsync(Path.Combine(folder, StartupHook.Request), "");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!File.Exists(answer))
        {
            await Task.Delay(100, timeout.Token);
        }

        return long.Parse(await File.ReadAllTextAsync(answer), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

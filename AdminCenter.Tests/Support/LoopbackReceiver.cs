using System.Net;
using System.Net.Sockets;

namespace AdminCenter.Tests.Support;

/// <summary>A real HTTP endpoint on loopback (a free port) that hands each request to <see cref="HandleAsync"/> until disposed.</summary>
public abstract class LoopbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    protected LoopbackReceiver(string path)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        listener.Prefixes.Add(BaseUrl + path);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>"http://127.0.0.1:PORT", without the path.</summary>
    public string BaseUrl { get; }

    protected abstract Task HandleAsync(HttpListenerContext context);

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under it
        }

        stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }
}

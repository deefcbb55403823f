using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AdminCenter.Tests.Support;

/// <summary>A real HTTP endpoint on loopback that records every POST it receives; the first <see cref="FailFirst"/> get 503.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int seen;

    private readonly TimeSpan delay;

    public WebhookReceiver(int failFirst = 0, TimeSpan delay = default)
    {
        FailFirst = failFirst;
        this.delay = delay;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
        }

        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public int FailFirst { get; }

    /// <summary>Bodies of the requests answered 200, in order.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    /// <summary>How each request's body was framed: its Content-Length (null when absent) and whether it came chunked.</summary>
    public ConcurrentQueue<(long? ContentLength, bool Chunked)> Framing { get; } = new();

    /// <summary>Every request, answered or refused.</summary>
    public int Attempts => Volatile.Read(ref seen);

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

            Framing.Enqueue((context.Request.Headers["Content-Length"] is null ? null : context.Request.ContentLength64,
                string.Equals(context.Request.Headers["Transfer-Encoding"], "chunked", StringComparison.OrdinalIgnoreCase)));
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            var attempt = Interlocked.Increment(ref seen);
            if (attempt <= FailFirst)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                Delivered.Enqueue(body);
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace AdminCenter.Tests.Support;

/// <summary>A real HTTP endpoint on loopback that records every POST it receives; the first <see cref="FailFirst"/> get 503.</summary>
public sealed class WebhookReceiver(int failFirst = 0, TimeSpan delay = default) : LoopbackReceiver("/hook/")
{
    private int seen;

    public string Url => BaseUrl + "/hook/";

    public int FailFirst { get; } = failFirst;

    /// <summary>Bodies of the requests answered 200, in order.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    /// <summary>How each request's body was framed: its Content-Length (null when absent) and whether it came chunked.</summary>
    public ConcurrentQueue<(long? ContentLength, bool Chunked)> Framing { get; } = new();

    /// <summary>Every request, answered or refused.</summary>
    public int Attempts => Volatile.Read(ref seen);

    protected override async Task HandleAsync(HttpListenerContext context)
    {
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

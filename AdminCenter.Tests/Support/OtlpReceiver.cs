using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace AdminCenter.Tests.Support;

/// <summary>One span as OTLP carried it: its trace, ids, name and attributes (values as text).</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback: keeps the spans posted to /v1/traces and the metric names posted to
/// /v1/metrics, decoded from the protobuf wire format (only the fields these tests read).
/// </summary>
public sealed class OtlpReceiver() : LoopbackReceiver("/")
{
    public string Endpoint => BaseUrl;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public ConcurrentDictionary<string, int> MetricNames { get; } = new();

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var bytes = body.ToArray();
        if (context.Request.Url!.AbsolutePath == "/v1/traces")
        {
            ReadTraces(bytes);
        }
        else if (context.Request.Url.AbsolutePath == "/v1/metrics")
        {
            ReadMetrics(bytes);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }

    private void ReadTraces(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Field == 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Field == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Field == 2))
                {
                    var fields = Fields(span.Bytes).ToList();
                    string Hex(int field) => Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Field == field).Bytes.Span);
                    var attributes = new Dictionary<string, string>();
                    foreach (var pair in fields.Where(f => f.Field == 9))
                    {
                        var kv = Fields(pair.Bytes).ToList();
                        var key = Encoding.UTF8.GetString(kv.First(f => f.Field == 1).Bytes.Span);
                        attributes[key] = kv.FirstOrDefault(f => f.Field == 2) is { Wire: 2 } value ? AnyValue(value.Bytes) : "";
                    }

                    Spans.Enqueue(new ReceivedSpan(Hex(1), Hex(2), Hex(4), Encoding.UTF8.GetString(fields.First(f => f.Field == 5).Bytes.Span), attributes));
                }
            }
        }
    }

    private void ReadMetrics(byte[] request)
    {
        foreach (var resourceMetrics in Fields(request).Where(f => f.Field == 1))
        {
            foreach (var scopeMetrics in Fields(resourceMetrics.Bytes).Where(f => f.Field == 2))
            {
                foreach (var metric in Fields(scopeMetrics.Bytes).Where(f => f.Field == 2))
                {
                    var name = Encoding.UTF8.GetString(Fields(metric.Bytes).First(f => f.Field == 1).Bytes.Span);
                    MetricNames.AddOrUpdate(name, 1, (_, n) => n + 1);
                }
            }
        }
    }

    /// <summary>AnyValue: string (1), bool (2), int (3), double (4); anything else as its raw bytes in hex.</summary>
    private static string AnyValue(ReadOnlyMemory<byte> bytes)
    {
        var field = Fields(bytes).FirstOrDefault();
        return field.Field switch
        {
            1 => Encoding.UTF8.GetString(field.Bytes.Span),
            2 => field.Value != 0 ? "true" : "false",
            3 => ((long)field.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => BitConverter.Int64BitsToDouble((long)field.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToHexStringLower(field.Bytes.Span),
        };
    }

    /// <summary>The protobuf wire format: each field's number, wire type, and its bytes (length-delimited) or value.</summary>
    private static IEnumerable<(int Field, int Wire, ReadOnlyMemory<byte> Bytes, ulong Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var (field, wire) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wire)
            {
                case 0:
                    yield return (field, wire, default, Varint(message.Span, ref position));
                    break;
                case 1:
                    var fixed64 = BitConverter.ToUInt64(message.Span.Slice(position, 8));
                    position += 8;
                    yield return (field, wire, default, fixed64);
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return (field, wire, message.Slice(position, length), 0);
                    position += length;
                    break;
                case 5:
                    var fixed32 = BitConverter.ToUInt32(message.Span.Slice(position, 4));
                    position += 4;
                    yield return (field, wire, default, fixed32);
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} of field {field} is not OTLP's");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}

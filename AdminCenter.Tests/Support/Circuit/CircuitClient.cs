using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Support.Circuit;

/// <summary>
/// A page of the app without a browser: it loads the page over HTTP (with the session's cookies), opens the Blazor
/// circuit on the app's SignalR endpoint as blazor.web.js does (StartCircuit, then the page's server components), applies
/// every render batch to a <see cref="CircuitDocument"/> and acknowledges it, answers the app's JavaScript calls as a
/// 1440 x 1000 window would, and acts as a person does: typing into a field, pressing Enter, following a link. It sends
/// the events those moves need (input, keydown and keyup, location changes), not the pointer and focus events a browser
/// adds, and does no layout or paint: a floor of these measures the server and the circuit's round trips.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private const int Width = 1440;
    private const int Height = 1000;

    private readonly HubConnection hub;
    private readonly Uri baseAddress;
    private readonly CircuitDocument document = new();
    private readonly List<(Func<CircuitDocument, bool> Done, TaskCompletionSource Answered)> waiters = [];
    private readonly ConcurrentDictionary<int, TaskCompletionSource<bool>> locationChanges = new();
    private readonly List<string> errors = [];
    private long rendererObject;
    private int nextCall;
    private int nextLocationCall;
    private volatile bool locationChangingListeners;

    private CircuitClient(HubConnection hub, Uri baseAddress, Uri url)
    {
        this.hub = hub;
        this.baseAddress = baseAddress;
        Url = url;
    }

    /// <summary>Where the page is now (what the browser's address bar would show).</summary>
    public Uri Url { get; private set; }

    /// <summary>What the app reported as an error to this page (JS.Error) or what this client could not apply.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return [.. errors];
            }
        }
    }

    /// <summary>Loads <paramref name="path"/> with the given session and opens its circuit; answers once the page is live (its first render applied).</summary>
    public static async Task<CircuitClient> OpenAsync(Uri baseAddress, CookieContainer cookies, string path, Func<CircuitDocument, bool> live, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = baseAddress, Timeout = timeout };
        var url = new Uri(baseAddress, path);
        var html = await http.GetStringAsync(url);
        var markers = ServerMarker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["descriptor"] is not null).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no interactive server component: was the session signed in? It began: {html[..Math.Min(300, html.Length)]}");
        }

        var state = ComponentState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "_blazor"), o =>
        {
            o.Cookies = cookies;
            o.Transports = HttpTransportType.WebSockets;
        });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        var client = new CircuitClient(builder.Build(), baseAddress, url);
        client.Listen();
        using var cancel = new CancellationTokenSource(timeout);
        await client.hub.StartAsync(cancel.Token);
        var circuit = await client.hub.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), url.ToString(), "[]", state, cancel.Token);
        if (string.IsNullOrEmpty(circuit))
        {
            throw new InvalidOperationException($"the app refused to start a circuit for {path}: {string.Join("; ", client.Errors)}");
        }

        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray([.. markers.Select((marker, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = i + 1,
                ["marker"] = marker,
            })]),
        };
        var opened = client.WhenAsync(live);
        await client.hub.SendAsync("UpdateRootComponents", operations.ToJsonString(), state, cancel.Token);
        await opened.WaitAsync(timeout);
        return client;
    }

    /// <summary>Reads the document under the client's lock (batches are applied as they arrive).</summary>
    public T Read<T>(Func<CircuitDocument, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (document)
        {
            return read(document);
        }
    }

    /// <summary>Answers when <paramref name="done"/> holds for the document (at once if it already does).</summary>
    public Task WhenAsync(Func<CircuitDocument, bool> done)
    {
        lock (document)
        {
            if (done(document))
            {
                return Task.CompletedTask;
            }

            var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((done, answered));
            return answered.Task;
        }
    }

    /// <summary>Types <paramref name="text"/> into the element (its input event, as a browser sends it after a paste).</summary>
    public Task TypeAsync(CircuitDocument.Element field, string text)
    {
        ArgumentNullException.ThrowIfNull(field);
        return DispatchAsync(field, "input", new JsonObject { ["value"] = text }, text);
    }

    /// <summary>Presses a key in the element: keydown then keyup, with the field's value as the browser sends it.</summary>
    public async Task PressAsync(CircuitDocument.Element field, string key, string? fieldValue)
    {
        ArgumentNullException.ThrowIfNull(field);
        foreach (var type in new[] { "keydown", "keyup" })
        {
            await DispatchAsync(field, type, new JsonObject
            {
                ["key"] = key, ["code"] = key, ["location"] = 0, ["repeat"] = false, ["ctrlKey"] = false, ["shiftKey"] = false,
                ["altKey"] = false, ["metaKey"] = false, ["type"] = type, ["isComposing"] = false,
            }, fieldValue);
        }
    }

    /// <summary>Follows a link as blazor.web.js does for an interactive router: asks the page first when it listens for location changes.</summary>
    public async Task FollowAsync(string href)
    {
        var target = new Uri(baseAddress, href);
        if (locationChangingListeners)
        {
            var call = Interlocked.Increment(ref nextLocationCall);
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            locationChanges[call] = answer;
            await hub.SendAsync("OnLocationChanging", call, target.ToString(), null, true);
            if (!await answer.Task.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                return;
            }
        }

        Url = target;
        await hub.SendAsync("OnLocationChanged", target.ToString(), null, true);
    }

    public async ValueTask DisposeAsync()
    {
        await hub.DisposeAsync();
    }

    private Task DispatchAsync(CircuitDocument.Element element, string eventName, JsonObject args, string? fieldValue)
    {
        ulong handler;
        lock (document)
        {
            if (!element.Handlers.TryGetValue(eventName, out handler))
            {
                throw new InvalidOperationException($"the <{element.Name} id={element["id"]}> element has no {eventName} handler");
            }
        }

        var descriptor = new JsonObject
        {
            ["eventHandlerId"] = handler,
            ["eventName"] = eventName,
            ["eventFieldInfo"] = fieldValue is null ? null : new JsonObject { ["componentId"] = element.ComponentId, ["fieldValue"] = fieldValue },
        };
        var call = Interlocked.Increment(ref nextCall).ToString(CultureInfo.InvariantCulture);
        return hub.SendAsync("BeginInvokeDotNetFromJS", call, null, "DispatchEventAsync", Interlocked.Read(ref rendererObject), new JsonArray(descriptor, args).ToJsonString());
    }

    private void Listen()
    {
        hub.On<int, string>("JS.AttachComponent", (id, selector) =>
        {
            lock (document)
            {
                document.AttachRoot(id, selector);
            }
        });
        hub.On<long, byte[]>("JS.RenderBatch", RenderAsync);
        hub.On<long, string, string, int, long, int>("JS.BeginInvokeJS", InvokeJSAsync);
        hub.On<string, bool, string>("JS.EndInvokeDotNet", (call, succeeded, result) =>
        {
            if (!succeeded)
            {
                Fail($"the app's handler for call {call} failed: {result}");
            }
        });
        hub.On<int, bool>("JS.EndLocationChanging", (call, proceed) =>
        {
            if (locationChanges.TryRemove(call, out var answer))
            {
                answer.TrySetResult(proceed);
            }
        });
        hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        hub.On<string>("JS.Error", error => Fail("the app reported: " + error));
    }

    private async Task RenderAsync(long batchId, byte[] data)
    {
        string? error = null;
        lock (document)
        {
            try
            {
                document.Apply(RenderBatch.Read(data));
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or InvalidCastException or ArgumentOutOfRangeException or IndexOutOfRangeException or NullReferenceException)
            {
                error = $"render batch {batchId}: {ex.Message}";
            }

            foreach (var waiter in waiters.Where(w => w.Done(document)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Answered.TrySetResult();
            }
        }

        if (error is not null)
        {
            Fail(error);
        }

        await hub.SendAsync("OnRenderCompleted", batchId, error);
    }

    /// <summary>
    /// The app's calls into the page's JavaScript: what the browser's functions answer in a window of 1440 x 1000, and
    /// navigation done. Calls whose answer the app does not read get null, as a void JavaScript function gives.
    /// </summary>
    private async Task InvokeJSAsync(long task, string identifier, string argsJson, int resultType, long target, int callType)
    {
        _ = (resultType, target, callType);
        using var args = JsonDocument.Parse(string.IsNullOrEmpty(argsJson) ? "[]" : argsJson);
        JsonNode? result = null;
        switch (identifier)
        {
            case "Blazor._internal.attachWebRendererInterop":
                Interlocked.Exchange(ref rendererObject, args.RootElement[1].GetProperty("__dotNetObject").GetInt64());
                break;
            case "Blazor._internal.navigationManager.setHasLocationChangingListeners":
                locationChangingListeners = args.RootElement[1].GetBoolean();
                break;
            case "Blazor._internal.navigationManager.navigateTo":
                var to = new Uri(Url, args.RootElement[0].GetString());
                Url = to;
                await hub.SendAsync("OnLocationChanged", to.ToString(), null, false);
                break;
            case "mudResizeListener.getBrowserWindowSize":
                result = new JsonObject { ["height"] = Height, ["width"] = Width };
                break;
            case "mudElementRef.getBoundingClientRect":
                result = new JsonObject
                {
                    ["x"] = 0, ["y"] = 0, ["width"] = Width, ["height"] = 40, ["top"] = 0, ["right"] = Width, ["bottom"] = 40, ["left"] = 0,
                    ["scrollY"] = 0, ["scrollX"] = 0, ["windowHeight"] = Height, ["windowWidth"] = Width,
                };
                break;
            case "adminCenter.focusRow":
                // app.js: true when the row is on the page (it scrolls it into view and focuses it).
                var row = args.RootElement[0].GetString();
                lock (document)
                {
                    result = document.Elements(e => e["id"] == row).Any();
                }

                break;
            case "adminCenter.copyText":
                result = true;
                break;
            case "mudpopoverHelper.countProviders":
                result = 1;
                break;
            default:
                break;
        }

        // A call with no task is the app's fire-and-forget: the browser answers nothing.
        if (task != 0)
        {
            await hub.SendAsync("EndInvokeJSFromDotNet", task, true, new JsonArray(task, true, result).ToJsonString());
        }
    }

    private void Fail(string error)
    {
        lock (errors)
        {
            errors.Add(error);
        }
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex ServerMarker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();
}

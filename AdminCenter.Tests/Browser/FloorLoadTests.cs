using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Tests.Support.Circuit;
using AdminCenter.Web.Features.Security;
using Microsoft.Playwright;
using static AdminCenter.Tests.Support.Circuit.SupportScreens;

namespace AdminCenter.Tests.Browser;

/// <summary>
/// A support floor: N agents, each in a Chromium page of its own (its own Blazor circuit), search a borrower by email, by
/// name or by payment reference, open their View Payments and then one payment, over and over, while the app's
/// background reconciliation runs. The agents' pages are opened four at a time and are all live before the floor is
/// timed (the time to open one is reported apart). Each step is timed from the agent's action to the answer on screen; the app runs in
/// a process of its own, whose heap is read before the agents arrive and while all their pages are open.
/// <para>
/// In a test run: three agents on the demo set, reconciling every 5 s; it fails on any step that does not finish. With
/// <c>ADMINCENTER_FLOOR_SETTINGS</c> (a JSON file of app settings: the stores to use) and <c>ADMINCENTER_FLOOR_AGENTS</c>
/// (e.g. <c>10,50,100</c>), the same floor runs on those stores as a benchmark: <c>bench/floor.sh</c>.
/// Figures go to TestResults/floor-load-chromium.txt and floor-load-circuit.txt.
/// </para>
/// </summary>
[Collection(MemoryCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FloorLoadTests
{
    // A name search answers with a list; an email or a reference opens View Payments at once (the second figure).
    private const string OpenStep = "open the app, to a live page (not a floor step: before the timed minutes)";

    private static readonly string[] Steps = ["search by name, to the list", "View Payments (from the list, or straight from an email or reference)", "payment detail"];

    /// <summary>Agents in Chromium: each step timed in the page, so the browser's own work (layout, paint) is in every figure.</summary>
    [Fact]
    public Task A_floor_of_agents_in_chromium_pages_finds_borrowers_and_their_payments_while_reconciliation_runs() =>
        RunFloorAsync("chromium", "agents in Chromium pages (each a browser context of its own)", ChromiumAgents.StartAsync);

    /// <summary>
    /// Agents as circuit clients without a browser (<see cref="CircuitClient"/>): the same steps over the same SignalR
    /// endpoint, timed from the event sent to the render batch that shows the answer, so the figures are the server's.
    /// </summary>
    [Fact]
    public Task A_floor_of_agents_on_circuits_without_a_browser_finds_borrowers_and_their_payments_while_reconciliation_runs() =>
        RunFloorAsync("circuit", "agents as Blazor circuit clients without a browser (blazorpack over the app's SignalR endpoint)", CircuitAgents.StartAsync);

    private static async Task RunFloorAsync(string client, string describe, Func<Floor, ChildApp, Task<IAgents>> start)
    {
        using var folder = new TempFolder();
        var floor = Floor.FromEnvironment(folder);
        await using var app = await ChildApp.StartAsync(folder.Path, floor.Settings);
        var targets = await Targets.ReadAsync(floor.Settings, 200);
        Assert.True(targets.Count >= 10, $"only {targets.Count} borrowers with payments to look up");

        await using var agentPages = await start(floor, app);
        // One agent's round first: what is paid once (JIT, caches) is not any agent's figure.
        var errors0 = new List<string>();
        await using (var first = agentPages.NewPage())
        {
            await first.OpenAsync();
            await RunAgentAsync(first, targets, 0, 1, new Timings(), errors0, pauseMs: 0);
        }

        Assert.True(errors0.Count == 0, "the warm-up round failed: " + string.Join("; ", errors0));
        var report = new List<string>
        {
            $"{DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {describe}: {floor.Describe}",
            "targets at N = 50: search p95 <= 50 ms, View Payments p95 <= 100 ms, no error, <= 1 MB of server heap per circuit",
        };
        var failures = new List<string>();
        foreach (var agents in floor.Agents)
        {
            var heapBefore = await app.HeapAsync();
            var readsBefore = await ServerReads.ScrapeAsync(app.BaseAddress);
            var pages = Enumerable.Range(0, agents).Select(_ => agentPages.NewPage()).ToList();
            var timings = new Timings();
            var errors = new List<string>();
            // The shift signs in first, a few pages at a time, and every page is live before the floor is timed: a page
            // being loaded costs the machine far more than a step, and the floor is the hours after the morning's start.
            using (var opening = new SemaphoreSlim(4))
            {
                await Task.WhenAll(pages.Select(async page =>
                {
                    await opening.WaitAsync();
                    try
                    {
                        var opened = Stopwatch.GetTimestamp();
                        await page.OpenAsync();
                        timings.Add(OpenStep, Stopwatch.GetElapsedTime(opened));
                    }
                    catch (Exception ex) when (IsStepFailure(ex))
                    {
                        lock (errors)
                        {
                            errors.Add($"{OpenStep}: {ex.Message.Split('\n')[0]}");
                        }
                    }
                    finally
                    {
                        opening.Release();
                    }
                }));
            }

            var started = Stopwatch.GetTimestamp();
            // Agents come in over a few seconds, as a shift does, and pause between steps as a person on the phone does.
            await Task.WhenAll(pages.Select(async (page, i) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(i * floor.ArrivalMs));
                await RunAgentAsync(page, targets, i * 7, floor.Rounds, timings, errors, floor.PauseMs);
            }));
            var elapsed = Stopwatch.GetElapsedTime(started);
            // Every agent's page is still open (on its last payment): what the circuits hold now is theirs.
            var perCircuit = (await app.HeapAsync() - heapBefore) / (double)agents;
            foreach (var page in pages)
            {
                errors.AddRange(page.Errors.Select(e => $"the app told an agent's page: {e.Split('\n')[0]}"));
            }

            report.Add($"N = {agents}: {agents * floor.Rounds} rounds in {elapsed.TotalSeconds:F0} s, {errors.Count} errors, {perCircuit / 1024:F0} KB of server heap per open circuit");
            report.AddRange(Steps.Prepend(OpenStep).Select(step => $"  {timings.Describe(step)}"));
            // The server's share: the app's own timing of each screen's reads over the same minutes (admincenter_screen_read_seconds).
            var serverReads = (await ServerReads.ScrapeAsync(app.BaseAddress)).Since(readsBefore);
            report.Add($"  server reads: {serverReads}");
            if (serverReads == "none timed")
            {
                failures.Add($"N = {agents}: the app timed none of the screen reads behind these steps");
            }

            failures.AddRange(errors.Take(5).Select(e => $"N = {agents}: {e}"));
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
        }

        var text = string.Join(Environment.NewLine, report.Concat(failures.Select(f => "  error: " + f)));
        var results = Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!;
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, $"floor-load-{client}.txt"), text + Environment.NewLine);
        Console.WriteLine(text);
        Assert.True(failures.Count == 0, text);
    }

    private static bool IsStepFailure(Exception ex) =>
        ex is TimeoutException or PlaywrightException or InvalidOperationException or HttpRequestException or IOException
            or Microsoft.AspNetCore.SignalR.HubException or OperationCanceledException;

    /// <summary>
    /// One agent: rounds of search, View Payments, one payment, all in one page (the app's own links, as an agent moves).
    /// Each step is timed from the key press or click to the answer in the page.
    /// </summary>
    private static async Task RunAgentAsync(IAgentPage page, IReadOnlyList<Target> targets, int offset, int rounds, Timings timings, List<string> errors, int pauseMs)
    {
        var pause = new Random(offset);
        Task PauseAsync() => pauseMs == 0 ? Task.CompletedTask : Task.Delay(pauseMs / 2 + pause.Next(pauseMs));
        for (var round = 0; round < rounds; round++)
        {
            var target = targets[(offset + round) % targets.Count];
            var step = "back to the search page";
            try
            {
                if (round > 0)
                {
                    await page.BackToSearchAsync();
                }

                await page.TypeAsync(target.Query(round));
                await PauseAsync();
                step = round % 3 == 2 ? Steps[0] : Steps[1];
                // An exact email or a reference goes straight to View Payments; a name lists the borrowers it matches.
                var searched = await page.EnterAsync(listOrPayments: true);
                timings.Add(page.OnUserPage ? Steps[1] : Steps[0], searched);
                if (!page.OnUserPage)
                {
                    step = Steps[1];
                    await PauseAsync();
                    // A common name lists hundreds of borrowers a page at a time: the agent opens theirs when it is on the
                    // first page, and otherwise asks for the email, which goes straight to it.
                    if (await page.ListsAsync(target.UserId))
                    {
                        timings.Add(step, await page.OpenListedAsync(target.UserId));
                    }
                    else
                    {
                        await page.TypeAsync(target.Email);
                        timings.Add(step, await page.EnterAsync(listOrPayments: false));
                    }
                }

                step = Steps[2];
                await PauseAsync();
                timings.Add(step, await page.OpenPaymentAsync());
                // A step can be answered before the page fails (a render after the answer): that is an error too.
                if (await page.FailedAsync())
                {
                    throw new InvalidOperationException("the page shows the app's error panel (page-failed)");
                }
            }
            catch (Exception ex) when (IsStepFailure(ex))
            {
                lock (errors)
                {
                    errors.Add($"{step} for user {target.UserId} ({target.Query(round)}): {ex.Message.Split('\n')[0]}");
                }
            }
        }
    }

    /// <summary>How agents reach the app: pages of one kind, all in the one signed-in session.</summary>
    private interface IAgents : IAsyncDisposable
    {
        IAgentPage NewPage();
    }

    /// <summary>One agent's page, and the moves an agent makes in it; each timed move answers how long the answer took.</summary>
    private interface IAgentPage : IAsyncDisposable
    {
        bool OnUserPage { get; }

        IReadOnlyList<string> Errors { get; }

        /// <summary>Opens the app at the search page and waits until the page is live (its circuit up).</summary>
        Task OpenAsync();

        /// <summary>The menu's link to the search page.</summary>
        Task BackToSearchAsync();

        Task TypeAsync(string text);

        /// <summary>Enter in the search field, until View Payments shows its ASPIRE rows (or, when <paramref name="listOrPayments"/>, a list of users).</summary>
        Task<TimeSpan> EnterAsync(bool listOrPayments);

        Task<bool> ListsAsync(long userId);

        Task<TimeSpan> OpenListedAsync(long userId);

        /// <summary>The first payment's link, until its verdict shows.</summary>
        Task<TimeSpan> OpenPaymentAsync();

        /// <summary>Whether the page shows the app's error panel instead of its content.</summary>
        Task<bool> FailedAsync();
    }

    private sealed class ChromiumAgents(IPlaywright playwright, IBrowser browser, Uri app, string state) : IAgents
    {
        private IBrowser Browser => browser;

        private Uri App => app;

        private string State => state;

        private const string Payments = "[data-testid=payments-table][data-aspire=read] [data-testid=payment-row]";

        public static async Task<IAgents> StartAsync(Floor floor, ChildApp app)
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserFixture.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
            });
            var signIn = await NewContextAsync(browser, app.BaseAddress, state: null);
            await BrowserFixture.SignInAsync(await signIn.NewPageAsync(), floor.Email, floor.Password);
            var state = await signIn.StorageStateAsync();
            await signIn.CloseAsync();
            return new ChromiumAgents(playwright, browser, app.BaseAddress, state);
        }

        public IAgentPage NewPage() => new Page(this);

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }

        private static Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseAddress, string? state) =>
            browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
                Locale = "en-US",
                TimezoneId = "America/Chicago",
                StorageState = state,
            });

        private sealed class Page(ChromiumAgents agents) : IAgentPage
        {
            private IBrowserContext? context;
            private IPage page = default!;

            public bool OnUserPage => page.Url.Contains("/users/", StringComparison.Ordinal);

            public IReadOnlyList<string> Errors => [];

            public async Task OpenAsync()
            {
                context = await NewContextAsync(agents.Browser, agents.App, agents.State);
                page = await context.NewPageAsync();
                await page.GotoAsync("/", new PageGotoOptions { Timeout = 120_000 });
                await page.Locator("[data-interactive=yes]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            }

            public Task BackToSearchAsync() => page.Locator("nav a[href='/']").First.ClickAsync();

            public Task TypeAsync(string text) => page.Locator("#user-search").FillAsync(text);

            public Task<TimeSpan> EnterAsync(bool listOrPayments) =>
                TimeAsync("#user-search", "enter", listOrPayments ? $"[data-testid=user-results] a[href^='/users/'], {Payments}" : Payments);

            public async Task<bool> ListsAsync(long userId) => await page.Locator(Listed(userId)).CountAsync() > 0;

            public Task<TimeSpan> OpenListedAsync(long userId) => TimeAsync(Listed(userId), "click", Payments);

            public Task<TimeSpan> OpenPaymentAsync() => TimeAsync("[data-testid=payment-row] a[href^='/payments/']", "click", "[data-testid=verdict-panel]");

            public async Task<bool> FailedAsync() => await page.Locator("[data-testid=page-failed]").CountAsync() > 0;

            public async ValueTask DisposeAsync()
            {
                if (context is not null)
                {
                    await context.CloseAsync();
                }
            }

            private static string Listed(long userId) => $"[data-testid=user-results] a[href='/users/{userId}'], [data-testid=user-results] a[href^='/users/{userId}?']";

            /// <summary>Presses Enter in, or clicks, the first element of <paramref name="on"/>, and times until <paramref name="until"/> is in the document.</summary>
            private async Task<TimeSpan> TimeAsync(string on, string action, string until)
            {
                await page.Locator(on).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                var ms = await page.EvaluateAsync<double>("""
                    ([on, action, until]) => new Promise((resolve, reject) => {
                      const target = document.querySelector(on);
                      const started = performance.now();
                      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no answer within 30 s: ' + until)); }, 30000);
                      const observer = new MutationObserver(() => {
                        if (document.querySelector(until)) { observer.disconnect(); clearTimeout(timer); resolve(performance.now() - started); }
                      });
                      observer.observe(document, { subtree: true, childList: true, attributes: true });
                      if (action === 'enter') {
                        target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
                      } else {
                        target.click();
                      }
                    })
                    """, new[] { on, action, until });
                return TimeSpan.FromMilliseconds(ms);
            }
        }
    }

    private sealed class CircuitAgents(Uri app, CookieContainer cookies) : IAgents
    {
        private Uri App => app;

        private CookieContainer Cookies => cookies;

        private static readonly TimeSpan Answer = TimeSpan.FromSeconds(30);

        public static async Task<IAgents> StartAsync(Floor floor, ChildApp app)
        {
            // The whole shift shares one signed-in session, as the Chromium agents share one browser state.
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
            var signedIn = await SignedIn.SignInAsync(http, floor.Email, floor.Password);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"signing in as {floor.Email} answered {signedIn.StatusCode}");
            return new CircuitAgents(app.BaseAddress, cookies);
        }

        public IAgentPage NewPage() => new Page(this);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Page(CircuitAgents agents) : IAgentPage
        {
            private CircuitClient? client;
            private string typed = "";

            private CircuitClient Client => client ?? throw new InvalidOperationException("the page is not open");

            public bool OnUserPage => Client.Url.AbsolutePath.StartsWith("/users/", StringComparison.Ordinal);

            public IReadOnlyList<string> Errors => client?.Errors ?? [];

            public async Task OpenAsync() =>
                client = await CircuitClient.OpenAsync(agents.App, agents.Cookies, "/", d => SearchField(d) is not null && d.Elements(e => e["data-interactive"] == "yes").Any(), TimeSpan.FromMinutes(2));

            public async Task BackToSearchAsync()
            {
                var shown = Client.WhenAsync(d => SearchField(d) is not null);
                await Client.FollowAsync("/");
                await shown.WaitAsync(Answer);
            }

            public Task TypeAsync(string text)
            {
                typed = text;
                return Client.TypeAsync(Client.Read(d => SearchField(d)) ?? throw new InvalidOperationException("no search field on " + Client.Url), text);
            }

            public Task<TimeSpan> EnterAsync(bool listOrPayments)
            {
                var field = Client.Read(d => SearchField(d)) ?? throw new InvalidOperationException("no search field on " + Client.Url);
                return TimeAsync(d => (listOrPayments && UserLinks(d).Any()) || PaymentsRead(d), () => Client.PressAsync(field, "Enter", typed));
            }

            public Task<bool> ListsAsync(long userId) => Task.FromResult(Client.Read(d => Listed(d, userId) is not null));

            public Task<TimeSpan> OpenListedAsync(long userId)
            {
                var href = Client.Read(d => Listed(d, userId)) ?? throw new InvalidOperationException($"user {userId} is not listed");
                return TimeAsync(PaymentsRead, () => Client.FollowAsync(href));
            }

            public Task<TimeSpan> OpenPaymentAsync()
            {
                var href = Client.Read(d => d.Elements(e => e["data-testid"] == "payment-row").SelectMany(CircuitDocument.Links)
                    .FirstOrDefault(h => h.StartsWith("/payments/", StringComparison.Ordinal))) ?? throw new InvalidOperationException("no payment link on " + Client.Url);
                return TimeAsync(d => d.Has("verdict-panel"), () => Client.FollowAsync(href));
            }

            public Task<bool> FailedAsync() => Task.FromResult(Client.Read(d => d.Has("page-failed")));

            public async ValueTask DisposeAsync()
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }

            private static string? Listed(CircuitDocument page, long userId) =>
                UserLinks(page).FirstOrDefault(h => h == $"/users/{userId}" || h.StartsWith($"/users/{userId}?", StringComparison.Ordinal));

            /// <summary>Times from the move sent to the render batch that shows the answer.</summary>
            private async Task<TimeSpan> TimeAsync(Func<CircuitDocument, bool> answered, Func<Task> move)
            {
                var shown = Client.WhenAsync(d => answered(d) || d.Has("page-failed"));
                var started = Stopwatch.GetTimestamp();
                await move();
                await shown.WaitAsync(Answer);
                var elapsed = Stopwatch.GetElapsedTime(started);
                return Client.Read(answered) ? elapsed : throw new InvalidOperationException("the page shows the app's error panel (page-failed) on " + Client.Url.AbsolutePath);
            }
        }
    }

    /// <summary>The app's histogram of its screen reads, as /metrics gives it: cumulative counts per bucket, by screen.</summary>
    private sealed record ServerReads(Dictionary<(string Screen, double Le), double> Buckets, Dictionary<string, double> Sums)
    {
        private static readonly System.Text.RegularExpressions.Regex Bucket = new("""^admincenter_screen_read_seconds_bucket\{screen="([a-z_]+)",le="([^"]+)"\} (\S+)$""", System.Text.RegularExpressions.RegexOptions.Multiline);
        private static readonly System.Text.RegularExpressions.Regex Sum = new("""^admincenter_screen_read_seconds_sum\{screen="([a-z_]+)"\} (\S+)$""", System.Text.RegularExpressions.RegexOptions.Multiline);

        public static async Task<ServerReads> ScrapeAsync(Uri app)
        {
            using var client = new HttpClient { BaseAddress = app };
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            static double Number(string value) => value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
            return new ServerReads(
                Bucket.Matches(text).ToDictionary(m => (m.Groups[1].Value, Number(m.Groups[2].Value)), m => Number(m.Groups[3].Value)),
                Sum.Matches(text).ToDictionary(m => m.Groups[1].Value, m => Number(m.Groups[2].Value)));
        }

        /// <summary>Per screen read since <paramref name="before"/>: how many, their mean, and the bucket bound p50 and p95 fall under.</summary>
        public string Since(ServerReads before)
        {
            var parts = new List<string>();
            foreach (var screen in Buckets.Keys.Select(k => k.Screen).Distinct().Order(StringComparer.Ordinal))
            {
                var bounds = Buckets.Keys.Where(k => k.Screen == screen).Select(k => k.Le).Order().ToList();
                var counts = bounds.Select(le => Buckets[(screen, le)] - before.Buckets.GetValueOrDefault((screen, le))).ToList();
                var total = counts[^1];
                if (total <= 0)
                {
                    continue;
                }

                string Under(double q)
                {
                    var le = bounds[counts.FindIndex(c => c >= q * total)];
                    return double.IsPositiveInfinity(le) ? $"> {bounds[^2] * 1000:F0} ms" : $"<= {le * 1000:F1} ms";
                }

                var mean = (Sums.GetValueOrDefault(screen) - before.Sums.GetValueOrDefault(screen)) / total;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{screen} {total:F0} reads, mean {mean * 1000:F1} ms, p50 {Under(0.5)}, p95 {Under(0.95)}"));
            }

            return parts.Count == 0 ? "none timed" : string.Join("; ", parts);
        }
    }

    /// <summary>Times per step, from every agent.</summary>
    private sealed class Timings
    {
        private readonly Dictionary<string, List<double>> times = [];

        public void Add(string step, TimeSpan time)
        {
            lock (times)
            {
                (times.TryGetValue(step, out var list) ? list : times[step] = []).Add(time.TotalMilliseconds);
            }
        }

        public string Describe(string step)
        {
            lock (times)
            {
                if (!times.TryGetValue(step, out var list) || list.Count == 0)
                {
                    return $"{step}: no figure";
                }

                var sorted = list.Order().ToList();
                double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
                return string.Create(CultureInfo.InvariantCulture, $"{step}: p50 {P(0.50):F0} ms, p95 {P(0.95):F0} ms, p99 {P(0.99):F0} ms ({sorted.Count} timed)");
            }
        }
    }

    /// <summary>A borrower to look up, and the three ways an agent is given them on the phone.</summary>
    private sealed record Target(long UserId, string Email, string Name, string Reference)
    {
        public string Query(int round) => (round % 3) switch
        {
            0 => Email,
            1 => Reference,
            _ => Name,
        };
    }

    private static class Targets
    {
        /// <summary>Borrowers with two payments or more and names as people say them, spread over the store, each with one of their payment references.</summary>
        public static async Task<IReadOnlyList<Target>> ReadAsync(IReadOnlyDictionary<string, string?> settings, int count)
        {
            var postgres = string.Equals(settings.GetValueOrDefault("AdminCenter:Database:Provider"), "PostgreSQL", StringComparison.OrdinalIgnoreCase);
            var portal = settings["ConnectionStrings:Portal"]!;
            await using System.Data.Common.DbConnection connection = postgres
                ? new Npgsql.NpgsqlConnection(portal)
                : new Microsoft.Data.Sqlite.SqliteConnection(portal + ";Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Users are numbered densely: a stride over the ids spreads the lookups over the whole store.
            command.CommandText =
                "SELECT u.\"Id\", u.\"Email\", u.\"FirstName\" || ' ' || u.\"LastName\", MIN(p.\"Reference\") FROM \"PortalUsers\" u JOIN \"PortalPayments\" p ON p.\"UserId\" = u.\"Id\" " +
                "WHERE u.\"Id\" % ((SELECT MAX(\"Id\") FROM \"PortalUsers\") / 2000 + 1) = 0 AND length(u.\"FirstName\" || u.\"LastName\") <= 30 " +
                "GROUP BY u.\"Id\", u.\"Email\", u.\"FirstName\", u.\"LastName\" HAVING COUNT(*) >= 2 ORDER BY u.\"Id\" LIMIT " + count.ToString(CultureInfo.InvariantCulture);
            var targets = new List<Target>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                targets.Add(new Target(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return targets;
        }
    }

    /// <summary>The floor to run: the demo set in a test run, or the stores and sizes a benchmark names.</summary>
    private sealed record Floor(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<int> Agents, int Rounds, string Email, string Password, string Describe)
    {
        /// <summary>Between two agents' arrivals.</summary>
        public int ArrivalMs { get; init; } = 100;

        /// <summary>A pause between steps: from half of it to one and a half times it.</summary>
        public int PauseMs { get; init; }

        public static Floor FromEnvironment(TempFolder folder)
        {
            if (Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_SETTINGS") is { Length: > 0 } file)
            {
                var settings = JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(file))!;
                var agents = (Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_AGENTS") ?? "10,50,100").Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
                var rounds = int.Parse(Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_ROUNDS") ?? "6", CultureInfo.InvariantCulture);
                var pauseMs = int.Parse(Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_PAUSE_MS") ?? "1000", CultureInfo.InvariantCulture);
                return new Floor(settings, agents, rounds, Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_EMAIL") ?? StaffAccounts.DemoSupportEmail,
                    Environment.GetEnvironmentVariable("ADMINCENTER_FLOOR_PASSWORD") ?? AppFactory.DemoPassword,
                    $"the stores of {file}, {rounds} rounds per agent, agents arriving 0.2 s apart, pausing {pauseMs / 2}-{pauseMs * 3 / 2} ms between steps")
                {
                    ArrivalMs = 200,
                    PauseMs = pauseMs,
                };
            }

            var demo = new Dictionary<string, string?>(TestServices.SqliteFiles(folder))
            {
                ["AdminCenter:DemoData:Users"] = "300",
                ["AdminCenter:DemoData:Payments"] = "9000",
                ["AdminCenter:ReconciliationIntervalSeconds"] = "5",
                ["Demo:Password"] = AppFactory.DemoPassword,
            };
            return new Floor(demo, [3], 3, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword, "the demo set (300 borrowers, 9,000 payments), 3 rounds per agent, reconciling every 5 s");
        }
    }
}

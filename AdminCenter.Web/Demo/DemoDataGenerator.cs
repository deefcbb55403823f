using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.Portal;
using static AdminCenter.Web.Demo.DemoCalendar;

namespace AdminCenter.Web.Demo;

public sealed record DemoDataSpec(int Users, int Payments, int Seed, DateTimeOffset Now, TimeSpan UpdateWindow, AspireClock AspireClock);

/// <summary>
/// A realistic, deterministic (for a seed and a "now") Portal and ASPIRE pair: daily EFT batches, a sync run
/// every 15 minutes with one failure and one gap, ordinary payments, and every finding planted a few times,
/// some of them inside their update window right now.
/// </summary>
public sealed class DemoDataGenerator
{
    public const string DemoUserEmail = "dana.whitfield@example.com";
    public const string LongNameUserEmail = "maximiliana.featherstonehaugh@example.org";

    private static readonly Finding[] PlantedFindings =
    [
        Finding.WithinUpdateWindow, Finding.NotTransferred, Finding.CancelNotConfirmed, Finding.StatusNotRefreshed,
        Finding.DuplicateAspireRecords, Finding.DataMismatch, Finding.UnexpectedSecCode, Finding.PaidButNotPosted,
        Finding.CanceledButDrafted, Finding.CanceledButStillActive, Finding.ScheduledWithoutRecord, Finding.CancelTooLate,
        Finding.MissedEftGeneration, Finding.AwaitingBatchPosting, Finding.CanceledByCustomer, Finding.InSync,
    ];

    public const long FirstRecordId = 880001;
    public const long FirstBatchId = 5001;

    /// <summary>Days of sync history: the sync page's 7-day timeline is full from the start.</summary>
    public const int HistoryDays = 7;

    private readonly DemoDataSpec spec;
    private readonly Random random;
    private readonly AspireClock clock;
    private readonly QuarterHourClock times;
    private readonly DateTime nowLocal;
    private readonly List<DemoBatch> batches = [];
    private readonly Dictionary<DateOnly, DemoBatch> batchByDueDate = [];
    private long nextRecordId = FirstRecordId;
    private int recordCount;
    private int historyCount;

    public DemoDataGenerator(DemoDataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Users < 1 || spec.Payments < spec.Users)
        {
            throw new ArgumentException("The demo set needs at least one user and at least as many payments as users.");
        }

        this.spec = spec;
        random = new Random(spec.Seed);
        clock = spec.AspireClock;
        times = new QuarterHourClock(clock);
        nowLocal = times.ToAspireLocal(spec.Now);
    }

    /// <summary>Whether a payment of a demo set of this size is one of its planted examples (the simulator leaves those as they are).</summary>
    public static bool IsPlanted(long paymentId, int payments)
    {
        var (perFinding, stride) = PlantedLayout(payments);
        var index = paymentId - 1;
        return index >= 0 && index < payments && index % stride == 0 && index / stride < perFinding * PlantedFindings.Length;
    }

    private static (int PerFinding, int Stride) PlantedLayout(int payments)
    {
        var perFinding = Math.Min(PlantedPerFinding(payments), Math.Max(1, payments / PlantedFindings.Length));
        return (perFinding, Math.Max(1, payments / (perFinding * PlantedFindings.Length)));
    }

    /// <summary>How many of each planted finding a set of this size gets.</summary>
    public static int PlantedPerFinding(int payments) => Math.Clamp(payments / 2000, 3, 200);

    public DemoDataSummary Generate(IDemoDataSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        BuildBatches();
        foreach (var batch in batches)
        {
            sink.AddBatch(batch.ToEftBatch());
        }

        var syncRuns = GenerateSyncRuns(sink);
        var users = GenerateUsers(sink);

        var (perFinding, stride) = PlantedLayout(spec.Payments);
        var planted = new List<(Finding Finding, int Round)>();
        for (var round = 0; round < perFinding; round++)
        {
            planted.AddRange(PlantedFindings.Select(f => (f, round)));
        }

        var plantedIndex = 0;
        var heavyUser = users.Count > 1 && spec.Payments >= spec.Users + 400 ? 1 : -1;
        // Every user gets a payment: a slot taken by one of Dana's showcase payments hands its user a later one.
        var waiting = new Queue<int>();
        for (var i = 0; i < spec.Payments; i++)
        {
            var id = i + 1;
            if (i % stride == 0 && plantedIndex < planted.Count)
            {
                var (finding, round) = planted[plantedIndex++];
                var owner = round == 0 ? users[0] : i < users.Count ? users[i] : users[(int)((plantedIndex * 7919L) % users.Count)];
                if (round == 0 && i > 0 && i < users.Count)
                {
                    waiting.Enqueue(i);
                }

                Plant(sink, id, owner, finding, round);
                continue;
            }

            var userIndex = i < users.Count ? i
                : waiting.Count > 0 ? waiting.Dequeue()
                : heavyUser > 0 && i < users.Count + 199 ? heavyUser
                : random.Next(100) < 12 ? random.Next(Math.Max(1, users.Count / 100)) // frequent payers: about 1 in 100 users has dozens of payments
                : random.Next(users.Count);
            Ordinary(sink, id, users[userIndex]);
        }

        var orphans = perFinding;
        for (var k = 0; k < orphans; k++)
        {
            var owner = users[random.Next(users.Count)];
            var created = Ago(TimeSpan.FromHours(random.Next(2, 72)));
            AddRecord(sink, $"CP-{900000000 + k:D9}", owner, Money(), FutureDueDate(), AspireState.Open, created, created);
        }

        return new DemoDataSummary(users.Count, spec.Payments, historyCount, syncRuns, batches.Count, recordCount, planted.Count + orphans);
    }

    /// <summary>A batch as the generator builds it: every column known (ASPIRE's own record allows unreadable ones).</summary>
    private sealed record DemoBatch
    {
        public required long EftBatchId { get; init; }
        public required DateOnly DueDateBegin { get; init; }
        public required DateOnly DueDateEnd { get; init; }
        public required DateOnly EffectiveEntryDate { get; init; }
        public required DateTime GeneratedAt { get; init; }
        public DateTime? PostedAt { get; init; }

        public EftBatch ToEftBatch() => new()
        {
            EftBatchId = EftBatchId,
            DueDateBegin = DueDateBegin,
            DueDateEnd = DueDateEnd,
            EffectiveEntryDate = EffectiveEntryDate,
            GeneratedAt = GeneratedAt,
            PostedAt = PostedAt,
        };
    }

    /// <summary>A user as payments need it; contract numbers and account digits are made when asked for.</summary>
    private readonly record struct DemoUser(long Id, int ContractCount, short AccountA, short AccountB)
    {
        public long CustomerId => 700000 + Id;

        public int AccountCount => AccountB < 0 ? 1 : 2;

        public string Contract(int index) => $"{1000000 + Id:D7}-{index + 1:D3}";

        public string Account(int index) => (index == 0 ? AccountA : AccountB).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every user in five bytes, so a set of millions of users stays small (seed's memory is flat).</summary>
    private sealed class DemoUsers(int capacity)
    {
        private readonly byte[] contracts = new byte[capacity];
        private readonly short[] accountA = new short[capacity];
        private readonly short[] accountB = new short[capacity];

        public int Count { get; private set; }

        public DemoUser this[int index] => new(index + 1, contracts[index], accountA[index], accountB[index]);

        public void Add(int contractCount, short first, short second)
        {
            (contracts[Count], accountA[Count], accountB[Count]) = ((byte)contractCount, first, second);
            Count++;
        }
    }

    private DemoUsers GenerateUsers(IDemoDataSink sink)
    {
        var users = new DemoUsers(spec.Users);
        for (var i = 0; i < spec.Users; i++)
        {
            var id = i + 1;
            string first, last, email;
            if (i == 0)
            {
                (first, last, email) = ("Dana", "Whitfield", DemoUserEmail);
            }
            else if (i == 2)
            {
                (first, last, email) = ("Maximiliana-Josephine Alexandra", "Featherstonehaugh-Worthington de la Cruz", LongNameUserEmail);
            }
            else
            {
                first = DemoNames.First[random.Next(DemoNames.First.Length)];
                last = DemoNames.Last[random.Next(DemoNames.Last.Length)];
                email = $"{first}.{last}{id}@{DemoNames.Domains[random.Next(DemoNames.Domains.Length)]}".ToLowerInvariant().Replace("'", "", StringComparison.Ordinal);
            }

            var userName = i == 0 ? "dwhitfield" : $"{first[0]}{last}{id}".ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
            var contractCount = 1 + random.Next(3);
            var accountCount = 1 + random.Next(2);
            var firstAccount = (short)random.Next(10000);
            var secondAccount = accountCount == 2 ? (short)random.Next(10000) : (short)-1;
            var created = spec.Now.AddDays(-random.Next(150, 1500)).AddMinutes(-random.Next(1440));
            sink.AddUser(new PortalUserEntity
            {
                Id = id,
                UserName = userName,
                Email = email,
                FirstName = first,
                LastName = last,
                AspireCustomerId = 700000 + id,
                CreatedAt = created.UtcDateTime,
                LastSignInAt = spec.Now.AddMinutes(-random.Next(10, 60 * 24 * 30)).UtcDateTime,
                IsActive = random.Next(50) != 0,
            });
            users.Add(contractCount, firstAccount, secondAccount);
        }

        return users;
    }

    private void BuildBatches()
    {
        var today = clock.Today(spec.Now);
        var day = today.AddDays(-150);
        long batchId = FirstBatchId;
        while (day <= today.AddDays(7))
        {
            if (IsBusinessDay(day))
            {
                var previous = PreviousBusinessDay(day);
                var generated = previous.ToDateTime(new TimeOnly(18, 0));
                if (times.ToUtc(generated) >= spec.Now)
                {
                    break;
                }

                var batch = new DemoBatch
                {
                    EftBatchId = batchId++,
                    DueDateBegin = previous.AddDays(1),
                    DueDateEnd = day,
                    EffectiveEntryDate = day,
                    GeneratedAt = generated.AddSeconds(random.Next(0, 240)),
                    PostedAt = day.ToDateTime(new TimeOnly(9, 10)).AddMinutes(random.Next(0, 25)),
                };
                batches.Add(batch);
            }

            day = day.AddDays(1);
        }

        // The newest batch is not posted yet.
        if (batches.Count > 0)
        {
            batches[^1] = batches[^1] with { PostedAt = null };
        }

        foreach (var batch in batches)
        {
            for (var d = batch.DueDateBegin; d <= batch.DueDateEnd; d = d.AddDays(1))
            {
                batchByDueDate[d] = batch;
            }
        }
    }

    private int GenerateSyncRuns(IDemoDataSink sink)
    {
        var count = 0;
        var quarter = new DateTimeOffset(spec.Now.UtcTicks - (spec.Now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
        var runs = new List<SyncRunEntity>();
        for (var back = HistoryDays * 96; back >= 0; back--)
        {
            if (back is 30 or 31)
            {
                continue; // a gap of two runs about 7.5 hours ago
            }

            var started = quarter.AddMinutes(-15 * back).AddSeconds(3);
            var finished = started.AddSeconds(4 + random.Next(40));
            if (finished > spec.Now)
            {
                continue;
            }

            var failed = back == 8; // one failure about two hours ago
            runs.Add(new SyncRunEntity
            {
                Kind = SyncRunKind.Incremental,
                StartedAt = started.UtcDateTime,
                FinishedAt = finished.UtcDateTime,
                Succeeded = !failed,
                ItemCount = failed ? 0 : random.Next(0, 60),
                Error = failed ? "ASPIRE API request timed out after 30 s (POST /AlternateEft/changes)." : null,
            });
        }

        var today = clock.Today(spec.Now);
        var first = quarter.AddMinutes(-15 * HistoryDays * 96);
        for (var d = today.AddDays(-HistoryDays); d <= today; d = d.AddDays(1))
        {
            var started = times.ToUtc(d.ToDateTime(new TimeOnly(4, 0)));
            var finished = started.AddMinutes(6 + random.Next(10));
            if (started > first && finished <= spec.Now)
            {
                runs.Add(new SyncRunEntity
                {
                    Kind = SyncRunKind.Daily,
                    StartedAt = started.UtcDateTime,
                    FinishedAt = finished.UtcDateTime,
                    Succeeded = true,
                    ItemCount = 2000 + random.Next(3000),
                });
            }
        }

        foreach (var run in runs.OrderBy(r => r.StartedAt))
        {
            run.Id = ++count;
            sink.AddSyncRun(run);
        }

        return count;
    }

    private void Ordinary(IDemoDataSink sink, long id, DemoUser user)
    {
        var created = Ago(TimeSpan.FromMinutes(random.Next(45, 130 * 24 * 60)) - TimeSpan.FromSeconds(random.Next(60)));
        var paymentDate = NextBusinessDay(DateOnly.FromDateTime(created));
        for (var extra = random.Next(0, 4); extra > 0; extra--)
        {
            paymentDate = NextBusinessDay(paymentDate);
        }

        while (GenerationTime(paymentDate) is { } generation && generation < created.AddHours(1))
        {
            paymentDate = NextBusinessDay(paymentDate);
        }

        batchByDueDate.TryGetValue(paymentDate, out var batch);
        var reference = Reference(id);
        var contract = user.Contract(random.Next(user.ContractCount));
        var amount = Money();
        var recordCreated = created.AddMinutes(1 + random.Next(9)).AddSeconds(random.Next(60));
        var history = new List<PaymentStatusChangeEntity>(4);
        AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
        AddChange(history, id, PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, recordCreated.AddMinutes(1 + random.Next(4)), "Sync");

        var cancelLatest = Min(GenerationTime(paymentDate) is { } generation30 ? Before(generation30, TimeSpan.FromMinutes(30)) : nowLocal, Ago(TimeSpan.FromMinutes(30)));
        var cancel = random.Next(100) < 8 && cancelLatest > recordCreated.AddMinutes(10)
            ? recordCreated.AddMinutes(5 + random.NextDouble() * (cancelLatest - recordCreated.AddMinutes(10)).TotalMinutes)
            : (DateTime?)null;

        PortalPaymentStatus status;
        if (cancel is { } canceledAt)
        {
            var closed = canceledAt.AddMinutes(1 + random.Next(7));
            AddRecord(sink, reference, user, amount, paymentDate, AspireState.Closed, recordCreated, closed, contract: contract, paymentId: id);
            AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, canceledAt, "Portal");
            AddChange(history, id, PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, closed.AddMinutes(1 + random.Next(5)), "Sync");
            status = PortalPaymentStatus.Canceled;
        }
        else if (batch is { PostedAt: { } posted })
        {
            AddRecord(sink, reference, user, amount, paymentDate, AspireState.Posted, recordCreated, posted, batch, contract, paymentId: id);
            AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.Paid, posted.AddMinutes(1 + random.Next(10)), "Sync");
            status = PortalPaymentStatus.Paid;
        }
        else if (batch is not null)
        {
            AddRecord(sink, reference, user, amount, paymentDate, AspireState.Batched, recordCreated, batch.GeneratedAt, batch, contract, paymentId: id);
            status = PortalPaymentStatus.Scheduled;
        }
        else
        {
            AddRecord(sink, reference, user, amount, paymentDate, AspireState.Open, recordCreated, recordCreated, contract: contract, paymentId: id);
            status = PortalPaymentStatus.Scheduled;
        }

        EmitPayment(sink, id, user, reference, contract, amount, paymentDate, status, created, cancel, history);
    }

    private void Plant(IDemoDataSink sink, long id, DemoUser user, Finding finding, int round)
    {
        var reference = Reference(id);
        var contract = user.Contract(round % user.ContractCount);
        var amount = Money();
        var window = (int)spec.UpdateWindow.TotalMinutes;
        var history = new List<PaymentStatusChangeEntity>(4);
        var unposted = batches.Count > 0 && batches[^1].PostedAt is null ? batches[^1] : null;
        var posted = batches.LastOrDefault(b => b.PostedAt is not null);
        var olderPosted = batches.Count > 3 ? batches[^(3 + round % Math.Max(1, batches.Count - 3))] : posted;

        // Defaults: an ordinary scheduled payment due after the newest batch.
        var created = Ago(TimeSpan.FromHours(20 + random.Next(40)));
        var paymentDate = FutureDueDate();
        DateTime? cancel = null;
        var status = PortalPaymentStatus.Scheduled;
        var recordCreated = created.AddMinutes(2 + random.Next(6));
        AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");

        // A payment pulled into a batch was submitted (and its record created) before that batch was generated.
        void SubmittedBefore(DemoBatch batch)
        {
            created = Before(batch.GeneratedAt, TimeSpan.FromHours(4 + random.Next(20)));
            recordCreated = created.AddMinutes(2 + random.Next(6));
            history.Clear();
            AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
        }

        void Scheduled() => AddChange(history, id, PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, recordCreated.AddMinutes(2), "Sync");
        void Record(AspireState state, DemoBatch? batch = null, DateTime? modified = null, Func<AlternateEftRecord, AlternateEftRecord>? change = null) =>
            AddRecord(sink, reference, user, amount, paymentDate, state, recordCreated, modified ?? recordCreated, batch, contract, change, id);

        switch (finding)
        {
            case Finding.WithinUpdateWindow:
                var minutesAgo = 1 + ((round * 3) + random.Next(3)) % Math.Max(1, window - 4);
                if (round % 3 == 2)
                {
                    Scheduled();
                    Record(AspireState.Open);
                    cancel = Ago(TimeSpan.FromMinutes(minutesAgo));
                    AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                    status = PortalPaymentStatus.PendingCancel;
                }
                else
                {
                    created = Ago(TimeSpan.FromMinutes(minutesAgo) + TimeSpan.FromSeconds(random.Next(50)));
                    history.Clear();
                    AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
                    recordCreated = created.AddSeconds(40);
                    if (round % 3 == 1 && recordCreated < nowLocal)
                    {
                        Record(AspireState.Open);
                    }

                    status = PortalPaymentStatus.Pending;
                }

                break;
            case Finding.NotTransferred:
                created = Ago(TimeSpan.FromMinutes(window + 25 + (round * 37 % 400)));
                history.Clear();
                AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
                status = PortalPaymentStatus.Pending;
                break;
            case Finding.CancelNotConfirmed:
                Scheduled();
                Record(AspireState.Open);
                cancel = Ago(TimeSpan.FromMinutes(window + 10 + (round * 23 % 300)));
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                status = PortalPaymentStatus.PendingCancel;
                break;
            case Finding.StatusNotRefreshed when posted is not null:
                paymentDate = posted.DueDateEnd;
                created = posted.GeneratedAt.AddDays(-2);
                recordCreated = created.AddMinutes(3);
                history.Clear();
                AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
                Scheduled();
                Record(AspireState.Posted, posted, posted.PostedAt);
                break;
            case Finding.DuplicateAspireRecords:
                Scheduled();
                Record(AspireState.Open);
                Record(AspireState.Open, modified: recordCreated.AddMinutes(15));
                break;
            case Finding.DataMismatch:
                Scheduled();
                Record(AspireState.Open, change: round % 2 == 0
                    ? r => r with { Amount = r.Amount + (0.01m * (1 + round)) }
                    : r => r with { DueDate = NextBusinessDay(r.DueDate) });
                break;
            case Finding.UnexpectedSecCode:
                Scheduled();
                Record(AspireState.Open, change: r => r with { SecCode = round % 2 == 0 ? "PPD" : "CCD" });
                break;
            case Finding.PaidButNotPosted when unposted is not null:
                paymentDate = unposted.DueDateEnd;
                SubmittedBefore(unposted);
                Scheduled();
                Record(AspireState.Batched, unposted, unposted.GeneratedAt);
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.Paid, Min(unposted.GeneratedAt.AddHours(2), Ago(TimeSpan.FromMinutes(5))), "Sync");
                status = PortalPaymentStatus.Paid;
                break;
            case Finding.CanceledButDrafted when olderPosted?.PostedAt is not null:
                paymentDate = olderPosted.DueDateEnd;
                created = olderPosted.GeneratedAt.AddDays(-2);
                recordCreated = created.AddMinutes(4);
                history.Clear();
                AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
                Scheduled();
                Record(AspireState.Posted, olderPosted, olderPosted.PostedAt);
                cancel = olderPosted.GeneratedAt.AddHours(3);
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                AddChange(history, id, PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, cancel.Value.AddMinutes(6), "Sync");
                status = PortalPaymentStatus.Canceled;
                break;
            case Finding.CanceledButStillActive:
                Scheduled();
                Record(AspireState.Open);
                cancel = Ago(TimeSpan.FromHours(2 + (round % 10)));
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                AddChange(history, id, PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, cancel.Value.AddMinutes(4), "Sync");
                status = PortalPaymentStatus.Canceled;
                break;
            case Finding.ScheduledWithoutRecord:
                Scheduled();
                break;
            case Finding.CancelTooLate when unposted is not null:
                paymentDate = unposted.DueDateEnd;
                SubmittedBefore(unposted);
                Scheduled();
                Record(AspireState.Batched, unposted, unposted.GeneratedAt);
                var afterPull = unposted.GeneratedAt.AddMinutes(20 + (round * 11 % 120));
                cancel = afterPull < nowLocal ? afterPull : unposted.GeneratedAt + ((nowLocal - unposted.GeneratedAt) / 2);
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                status = PortalPaymentStatus.PendingCancel;
                break;
            case Finding.MissedEftGeneration:
                // Submitted after the evening EFT Generation run for its due date had already pulled the day's records.
                paymentDate = PreviousBusinessDay(clock.Today(spec.Now));
                created = PreviousBusinessDay(paymentDate).ToDateTime(new TimeOnly(19, 30)).AddMinutes(round * 7 % 200);
                recordCreated = created.AddMinutes(3);
                history.Clear();
                AddChange(history, id, null, PortalPaymentStatus.Pending, created, "Portal");
                Scheduled();
                Record(AspireState.Open);
                break;
            case Finding.AwaitingBatchPosting when unposted is not null:
                paymentDate = unposted.DueDateEnd;
                SubmittedBefore(unposted);
                Scheduled();
                Record(AspireState.Batched, unposted, unposted.GeneratedAt);
                break;
            case Finding.CanceledByCustomer:
                Scheduled();
                cancel = recordCreated.AddMinutes(30 + random.Next(240));
                var closedAt = cancel.Value.AddMinutes(3);
                Record(AspireState.Closed, modified: closedAt);
                AddChange(history, id, PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, cancel.Value, "Portal");
                AddChange(history, id, PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, closedAt.AddMinutes(2), "Sync");
                status = PortalPaymentStatus.Canceled;
                break;
            default:
                Scheduled();
                Record(AspireState.Open);
                break;
        }

        EmitPayment(sink, id, user, reference, contract, amount, paymentDate, status, created, cancel, history);
    }

    private void EmitPayment(IDemoDataSink sink, long id, DemoUser user, string reference, string contract, decimal amount,
        DateOnly paymentDate, PortalPaymentStatus status, DateTime createdLocal, DateTime? cancelLocal, List<PaymentStatusChangeEntity> history)
    {
        historyCount += history.Count;
        sink.AddPayment(new PortalPaymentEntity
        {
            Id = id,
            Reference = reference,
            UserId = user.Id,
            ContractNumber = contract,
            Amount = amount,
            PaymentDate = paymentDate,
            BankAccountLast4 = AccountFor(user, id),
            Status = status,
            CreatedAt = times.ToUtc(createdLocal).UtcDateTime,
            UpdatedAt = history.Max(h => h.ChangedAt),
            CancelRequestedAt = cancelLocal is { } c ? times.ToUtc(c).UtcDateTime : null,
        }, history);
    }

    private void AddChange(List<PaymentStatusChangeEntity> history, long paymentId, PortalPaymentStatus? from, PortalPaymentStatus to, DateTime local, string source)
    {
        var at = times.ToUtc(local);
        if (at > spec.Now)
        {
            at = spec.Now;
        }

        history.Add(new PaymentStatusChangeEntity { PaymentId = paymentId, FromStatus = from, ToStatus = to, ChangedAt = at.UtcDateTime, Source = source });
    }

    private void AddRecord(IDemoDataSink sink, string reference, DemoUser user, decimal amount, DateOnly dueDate, AspireState state,
        DateTime created, DateTime modified, DemoBatch? batch = null, string? contract = null, Func<AlternateEftRecord, AlternateEftRecord>? change = null, long? paymentId = null)
    {
        var record = new AlternateEftRecord
        {
            AlternateEftId = nextRecordId++,
            PaymentReference = reference,
            ContractNumber = contract ?? user.Contract(0),
            CustomerId = user.CustomerId,
            Amount = amount,
            DueDate = dueDate,
            SecCode = "WEB",
            Payments = state is AspireState.Open or AspireState.Batched ? 1 : 0,
            PaymentsProcessed = state == AspireState.Posted ? 1 : 0,
            BankAccountLast4 = paymentId is { } pid ? AccountFor(user, pid) : user.Account(0),
            EftBatchId = state is AspireState.Batched or AspireState.Posted ? batch!.EftBatchId : null,
            CreatedAt = Truncate(created),
            ModifiedAt = Truncate(modified),
        };
        recordCount++;
        sink.AddRecord(change is null ? record : change(record));
    }

    private static string AccountFor(DemoUser user, long paymentId) => user.Account((int)(paymentId % user.AccountCount));

    private DateOnly FutureDueDate()
    {
        var date = batches.Count > 0 ? batches[^1].DueDateEnd : clock.Today(spec.Now);
        date = NextBusinessDay(date);
        for (var extra = random.Next(0, 6); extra > 0; extra--)
        {
            date = NextBusinessDay(date);
        }

        return date;
    }

    /// <summary>ASPIRE's wall clock a span before now, counted on the instant line (a DST jump never makes it later than now).</summary>
    private DateTime Ago(TimeSpan span) => times.ToAspireLocal(spec.Now - span);

    /// <summary>ASPIRE's wall clock a span before another wall-clock time, counted on the instant line.</summary>
    private DateTime Before(DateTime local, TimeSpan span) => times.ToAspireLocal(times.ToUtc(local) - span);

    private DateTime? GenerationTime(DateOnly dueDate) =>
        IsBusinessDay(dueDate) ? PreviousBusinessDay(dueDate).ToDateTime(new TimeOnly(18, 0)) : null;

    private decimal Money() => Money(random);

    /// <summary>A payment amount: a quarter of them round multiples of $12.50, the rest any cents from $25 to $1,800.</summary>
    internal static decimal Money(Random random) => random.Next(4) == 0
        ? random.Next(5, 120) * 12.50m
        : Math.Round(25m + (decimal)random.Next(0, 177500) / 100m, 2);

    internal static string Reference(long id) => $"CP-{id:D9}";

    /// <summary>ASPIRE keeps whole seconds.</summary>
    internal static DateTime Truncate(DateTime local) => new(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

using AdminCenter.Core.Aspire;

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

    public const long FirstRecordId = 880001;
    public const long FirstBatchId = 5001;

    private static int FindingCount => DemoFindingPlanters.InRuleOrder.Count;

    private readonly DemoDataSpec spec;
    private readonly Random random;
    private readonly QuarterHourClock times;

    public DemoDataGenerator(DemoDataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Users < 1 || spec.Payments < spec.Users)
        {
            throw new ArgumentException("The demo set needs at least one user and at least as many payments as users.");
        }

        this.spec = spec;
        random = new Random(spec.Seed);
        times = new QuarterHourClock(spec.AspireClock);
    }

    /// <summary>Whether a payment of a demo set of this size is one of its planted examples (the simulator leaves those as they are).</summary>
    public static bool IsPlanted(long paymentId, int payments)
    {
        var (perFinding, stride) = PlantedLayout(payments);
        var index = paymentId - 1;
        return index >= 0 && index < payments && index % stride == 0 && index / stride < perFinding * FindingCount;
    }

    private static (int PerFinding, int Stride) PlantedLayout(int payments)
    {
        var perFinding = Math.Min(PlantedPerFinding(payments), Math.Max(1, payments / FindingCount));
        return (perFinding, Math.Max(1, payments / (perFinding * FindingCount)));
    }

    /// <summary>How many of each planted finding a set of this size gets.</summary>
    public static int PlantedPerFinding(int payments) => Math.Clamp(payments / 2000, 3, 200);

    public DemoDataSummary Generate(IDemoDataSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var batches = DemoBatches.Build(spec, random, times);
        foreach (var batch in batches.All)
        {
            sink.AddBatch(batch.ToEftBatch());
        }

        var syncRuns = DemoSyncHistory.Generate(spec, random, times, sink);
        var users = DemoPopulation.Generate(spec, random, sink);
        var payments = new DemoPayments(spec, random, times, batches, sink);

        var (perFinding, stride) = PlantedLayout(spec.Payments);
        var planted = perFinding * FindingCount;
        var plantedIndex = 0;
        var heavyUser = users.Count > 1 && spec.Payments >= spec.Users + 400 ? 1 : -1;
        // Every user gets a payment: a slot taken by one of Dana's showcase payments hands its user a later one.
        var waiting = new Queue<int>();
        for (var i = 0; i < spec.Payments; i++)
        {
            var id = i + 1;
            if (i % stride == 0 && plantedIndex < planted)
            {
                var round = plantedIndex / FindingCount;
                var plant = DemoFindingPlanters.InRuleOrder[plantedIndex % FindingCount].Plant;
                plantedIndex++;
                var owner = round == 0 ? users[0] : i < users.Count ? users[i] : users[(int)((plantedIndex * 7919L) % users.Count)];
                if (round == 0 && i > 0 && i < users.Count)
                {
                    waiting.Enqueue(i);
                }

                Plant(payments, id, owner, round, plant);
                continue;
            }

            var userIndex = i < users.Count ? i
                : waiting.Count > 0 ? waiting.Dequeue()
                : heavyUser > 0 && i < users.Count + 199 ? heavyUser
                : random.Next(100) < 12 ? random.Next(Math.Max(1, users.Count / 100)) // frequent payers: about 1 in 100 users has dozens of payments
                : random.Next(users.Count);
            payments.Ordinary(id, users[userIndex]);
        }

        for (var k = 0; k < perFinding; k++)
        {
            payments.Orphan(k, users[random.Next(users.Count)]);
        }

        return new DemoDataSummary(users.Count, spec.Payments, payments.HistoryRows, syncRuns, batches.All.Count, payments.Records, planted + perFinding);
    }

    /// <summary>A payment shaped by its finding's planter; an ordinary Scheduled one due after the newest batch when the planter cannot apply.</summary>
    private static void Plant(DemoPayments payments, long id, DemoUser user, int round, Func<DemoPayment, bool> plant)
    {
        var contract = user.Contract(round % user.ContractCount);
        var amount = payments.Money();
        var created = payments.Ago(TimeSpan.FromHours(20 + payments.Random.Next(40)));
        var payment = new DemoPayment(payments, id, user, round, contract, amount)
        {
            Created = created,
            PaymentDate = payments.Batches.FutureDueDate(payments.Random),
            RecordCreated = created.AddMinutes(2 + payments.Random.Next(6)),
        };
        payment.Pending(created);
        if (!plant(payment))
        {
            payment.Scheduled();
            payment.Record(AspireState.Open);
        }

        payment.Emit();
    }

    /// <summary>A payment amount: a quarter of them round multiples of $12.50, the rest any cents from $25 to $1,800.</summary>
    internal static decimal Money(Random random) => random.Next(4) == 0
        ? random.Next(5, 120) * 12.50m
        : Math.Round(25m + (decimal)random.Next(0, 177500) / 100m, 2);

    internal static string Reference(long id) => $"CP-{id:D9}";

    /// <summary>ASPIRE keeps whole seconds.</summary>
    internal static DateTime Truncate(DateTime local) => new(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);

}

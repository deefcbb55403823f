using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Infrastructure.Portal;
using static AdminCenter.Web.Demo.DemoCalendar;

namespace AdminCenter.Web.Demo;

/// <summary>Writes demo payments, their status history and their ASPIRE records to the sink, on ASPIRE's wall clock.</summary>
internal sealed class DemoPayments(DemoDataSpec spec, Random random, QuarterHourClock times, DemoBatches batches, IDemoDataSink sink)
{
    private long nextRecordId = DemoDataGenerator.FirstRecordId;

    public DemoDataSpec Spec => spec;

    public Random Random => random;

    public DemoBatches Batches => batches;

    public DateTime NowLocal { get; } = times.ToAspireLocal(spec.Now);

    public int Records { get; private set; }

    public int HistoryRows { get; private set; }

    /// <summary>ASPIRE's wall clock a span before now, counted on the instant line (a DST jump never makes it later than now).</summary>
    public DateTime Ago(TimeSpan span) => times.ToAspireLocal(spec.Now - span);

    /// <summary>ASPIRE's wall clock a span before another wall-clock time, counted on the instant line.</summary>
    public DateTime Before(DateTime local, TimeSpan span) => times.ToAspireLocal(times.ToUtc(local) - span);

    public decimal Money() => DemoDataGenerator.Money(random);

    /// <summary>An ordinary payment: Scheduled within minutes, then Paid when its batch posts, or (about 8 in 100) canceled in time.</summary>
    public void Ordinary(long id, DemoUser user)
    {
        var created = Ago(TimeSpan.FromMinutes(random.Next(45, 130 * 24 * 60)) - TimeSpan.FromSeconds(random.Next(60)));
        var paymentDate = NextBusinessDay(DateOnly.FromDateTime(created));
        for (var extra = random.Next(0, 4); extra > 0; extra--)
        {
            paymentDate = NextBusinessDay(paymentDate);
        }

        while (DemoBatches.GenerationTime(paymentDate) is { } generation && generation < created.AddHours(1))
        {
            paymentDate = NextBusinessDay(paymentDate);
        }

        var batch = batches.ForDueDate(paymentDate);
        var payment = new DemoPayment(this, id, user, round: 0, contract: user.Contract(random.Next(user.ContractCount)), Money())
        {
            Created = created,
            PaymentDate = paymentDate,
            RecordCreated = created.AddMinutes(1 + random.Next(9)).AddSeconds(random.Next(60)),
        };
        payment.Pending(created);
        payment.Change(PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, payment.RecordCreated.AddMinutes(1 + random.Next(4)), "Sync");

        var cancelLatest = Min(DemoBatches.GenerationTime(paymentDate) is { } generation30 ? Before(generation30, TimeSpan.FromMinutes(30)) : NowLocal, Ago(TimeSpan.FromMinutes(30)));
        var cancel = random.Next(100) < 8 && cancelLatest > payment.RecordCreated.AddMinutes(10)
            ? payment.RecordCreated.AddMinutes(5 + (random.NextDouble() * (cancelLatest - payment.RecordCreated.AddMinutes(10)).TotalMinutes))
            : (DateTime?)null;

        if (cancel is { } canceledAt)
        {
            var closed = canceledAt.AddMinutes(1 + random.Next(7));
            payment.Record(AspireState.Closed, modified: closed);
            payment.CancelRequested(canceledAt);
            payment.Canceled(closed.AddMinutes(1 + random.Next(5)));
        }
        else if (batch is { PostedAt: { } posted })
        {
            payment.Record(AspireState.Posted, batch, posted);
            payment.Change(PortalPaymentStatus.Scheduled, PortalPaymentStatus.Paid, posted.AddMinutes(1 + random.Next(10)), "Sync");
            payment.Status = PortalPaymentStatus.Paid;
        }
        else if (batch is not null)
        {
            payment.Record(AspireState.Batched, batch, batch.GeneratedAt);
        }
        else
        {
            payment.Record(AspireState.Open);
        }

        payment.Emit();
    }

    /// <summary>An ASPIRE record with no Portal payment (an orphan).</summary>
    public void Orphan(int index, DemoUser user)
    {
        var created = Ago(TimeSpan.FromHours(random.Next(2, 72)));
        AddRecord($"CP-{900000000 + index:D9}", user, Money(), batches.FutureDueDate(random), AspireState.Open, created, created);
    }

    public void Emit(DemoPayment payment)
    {
        HistoryRows += payment.History.Count;
        sink.AddPayment(new PortalPaymentEntity
        {
            Id = payment.Id,
            Reference = payment.Reference,
            UserId = payment.User.Id,
            ContractNumber = payment.Contract,
            Amount = payment.Amount,
            PaymentDate = payment.PaymentDate,
            BankAccountLast4 = payment.User.AccountFor(payment.Id),
            Status = payment.Status,
            CreatedAt = times.ToUtc(payment.Created).UtcDateTime,
            UpdatedAt = payment.History.Max(h => h.ChangedAt),
            CancelRequestedAt = payment.Cancel is { } c ? times.ToUtc(c).UtcDateTime : null,
        }, payment.History);
    }

    /// <summary>A status change at a wall-clock time; never later than now.</summary>
    public PaymentStatusChangeEntity Change(long paymentId, PortalPaymentStatus? from, PortalPaymentStatus to, DateTime local, string source)
    {
        var at = times.ToUtc(local);
        return new PaymentStatusChangeEntity { PaymentId = paymentId, FromStatus = from, ToStatus = to, ChangedAt = (at > spec.Now ? spec.Now : at).UtcDateTime, Source = source };
    }

    public void AddRecord(string reference, DemoUser user, decimal amount, DateOnly dueDate, AspireState state,
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
            BankAccountLast4 = paymentId is { } pid ? user.AccountFor(pid) : user.Account(0),
            EftBatchId = state is AspireState.Batched or AspireState.Posted ? batch!.EftBatchId : null,
            CreatedAt = DemoDataGenerator.Truncate(created),
            ModifiedAt = DemoDataGenerator.Truncate(modified),
        };
        Records++;
        sink.AddRecord(change is null ? record : change(record));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

/// <summary>One payment being written: its Portal side, its history so far and the records it gets.</summary>
internal sealed class DemoPayment(DemoPayments payments, long id, DemoUser user, int round, string contract, decimal amount)
{
    public long Id => id;

    public DemoUser User => user;

    /// <summary>Which example of its finding this is (0 for Dana's).</summary>
    public int Round => round;

    public string Reference { get; } = DemoDataGenerator.Reference(id);

    public string Contract => contract;

    public decimal Amount => amount;

    public DemoPayments World => payments;

    public int WindowMinutes => (int)payments.Spec.UpdateWindow.TotalMinutes;

    public required DateTime Created { get; set; }

    public required DateOnly PaymentDate { get; set; }

    public required DateTime RecordCreated { get; set; }

    public DateTime? Cancel { get; set; }

    public PortalPaymentStatus Status { get; set; } = PortalPaymentStatus.Scheduled;

    public List<PaymentStatusChangeEntity> History { get; } = new(4);

    /// <summary>Starts the history again: submitted (Pending) at this time.</summary>
    public void Pending(DateTime created)
    {
        Created = created;
        History.Clear();
        Change(null, PortalPaymentStatus.Pending, created, "Portal");
    }

    /// <summary>Submitted, with its record created, some hours before this batch was generated.</summary>
    public void SubmittedBefore(DemoBatch batch)
    {
        Pending(payments.Before(batch.GeneratedAt, TimeSpan.FromHours(4 + payments.Random.Next(20))));
        RecordCreated = Created.AddMinutes(2 + payments.Random.Next(6));
    }

    /// <summary>The sync saw the record and moved the payment to Scheduled.</summary>
    public void Scheduled() => Change(PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, RecordCreated.AddMinutes(2), "Sync");

    public void CancelRequested(DateTime at)
    {
        Cancel = at;
        Change(PortalPaymentStatus.Scheduled, PortalPaymentStatus.PendingCancel, at, "Portal");
        Status = PortalPaymentStatus.PendingCancel;
    }

    public void Canceled(DateTime at)
    {
        Change(PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, at, "Sync");
        Status = PortalPaymentStatus.Canceled;
    }

    public void Change(PortalPaymentStatus? from, PortalPaymentStatus to, DateTime local, string source) =>
        History.Add(payments.Change(id, from, to, local, source));

    public void Record(AspireState state, DemoBatch? batch = null, DateTime? modified = null, Func<AlternateEftRecord, AlternateEftRecord>? change = null) =>
        payments.AddRecord(Reference, user, amount, PaymentDate, state, RecordCreated, modified ?? RecordCreated, batch, contract, change, id);

    public void Emit() => payments.Emit(this);
}

using System.Text.Json;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using AdminCenter.Web.Features.Export;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;

namespace AdminCenter.Tests.Web.Reconciliation;

/// <summary>SQLite keeps any value in any column: every storage class where the rules expect another.</summary>
public sealed class SqliteOddValuesTests() : OddValuesTests(DatabaseProvider.Sqlite)
{

    public static readonly TheoryData<string, string, string> PortalValues = new()
    {
        { "Amount", "NULL", "NULL" },
        { "Amount", "'abc'", "'abc'" },
        { "Amount", "'12,50'", "'12,50'" },
        { "Status", "7", "7" },
        { "Status", "'Scheduled'", "'Scheduled'" },
        { "Status", "NULL", "NULL" },
        { "Status", "1.5", "1.5" },
        { "CreatedAt", "'yesterday'", "'yesterday'" },
        { "CreatedAt", "'03/09/2026 14:00'", "'03/09/2026 14:00'" },
        { "CreatedAt", "12345", "'12345'" }, // a TEXT column keeps a number as text
        { "PaymentDate", "'2026-02-30'", "'2026-02-30'" },
        { "PaymentDate", "'10/03/2026'", "'10/03/2026'" },
        { "PaymentDate", "NULL", "NULL" },
        { "ContractNumber", "NULL", "NULL" },
        { "ContractNumber", "x'00ff'", "x'00FF'" },
        { "CancelRequestedAt", "'soon'", "'soon'" },
    };

    public static readonly TheoryData<string, string, string> AspireValues = new()
    {
        { "Amount", "NULL", "NULL" },
        { "Amount", "'abc'", "'abc'" },
        { "Amount", "x'01'", "x'01'" },
        { "DueDate", "'tomorrow'", "'tomorrow'" },
        { "DueDate", "'03/10/2026'", "'03/10/2026'" },
        { "DueDate", "NULL", "NULL" },
        { "DueDate", "20260310", "20260310" },
        { "Payments", "NULL", "NULL" },
        { "Payments", "'one'", "'one'" },
        { "Payments", "1.5", "1.5" },
        { "ModifiedAt", "'later'", "'later'" },
        { "ModifiedAt", "NULL", "NULL" },
        { "ModifiedAt", "'2026-03-09 8:03'", "'2026-03-09 8:03'" },
        { "SecCode", "NULL", "NULL" },
        { "EftBatchId", "'batch'", "'batch'" },
        { "ContractNumber", "NULL", "NULL" },
    };

    [Theory]
    [MemberData(nameof(PortalValues))]
    public Task An_odd_Portal_value_is_a_problem_for_its_payment_alone(string column, string literal, string shown) =>
        OddPortalValueAsync(column, literal, shown);

    [Theory]
    [MemberData(nameof(AspireValues))]
    public Task An_odd_ASPIRE_value_is_a_problem_for_its_payment_alone(string column, string literal, string shown) =>
        OddAspireValueAsync(column, literal, shown);

    [Theory]
    [InlineData("AlternateEft", "CreatedAt", "'garbage'")]
    [InlineData("AlternateEft", "PaymentsProcessed", "NULL")]
    [InlineData("AlternateEft", "CustomerId", "'x'")]
    [InlineData("AlternateEft", "BankAccountLast4", "x'00'")]
    [InlineData("PortalPayments", "UpdatedAt", "'garbage'")]
    [InlineData("PortalPayments", "BankAccountLast4", "x'00'")]
    public async Task An_odd_value_the_rules_do_not_use_leaves_every_verdict_as_it_was(string table, string column, string literal)
    {
        var before = await ReconcileAsync();
        var target = Target(before);
        if (table == "AlternateEft")
        {
            var recordId = (await Store.Reader.ReadByReferencesAsync([target.Reference], CancellationToken.None)).Records.Single().AlternateEftId;
            OddRows.Set(Store.AspirePath, table, "AlternateEftId", recordId, column, literal);
        }
        else
        {
            OddRows.Set(Store.PortalPath, table, "Id", target.PaymentId!.Value, column, literal);
        }

        var after = await ReconcileAsync();

        Assert.Equal(before.Select(Fingerprint).Order(), after.Select(Fingerprint).Order());
    }

    [Fact]
    public async Task An_unreadable_batch_posting_time_is_a_problem_for_every_payment_in_that_batch_and_no_other()
    {
        var before = await ReconcileAsync();
        var inBatch = before.Where(i => i.Verdict is { EftBatchId: not null }).GroupBy(i => i.Verdict!.EftBatchId!.Value).OrderByDescending(g => g.Count()).First();
        OddRows.Set(Store.AspirePath, "EftBatch", "EftBatchId", inBatch.Key, "PostedAt", "'soon'");

        var after = (await ReconcileAsync()).ToDictionary(i => i.Reference);

        foreach (var item in before)
        {
            if (inBatch.Any(b => b.Reference == item.Reference))
            {
                Assert.Null(after[item.Reference].Verdict);
                Assert.Contains($"ASPIRE EFT batch {inBatch.Key}: PostedAt is 'soon'", after[item.Reference].Problem);
            }
            else
            {
                Assert.Equal(Fingerprint(item), Fingerprint(after[item.Reference]));
            }
        }
    }

    [Fact]
    public async Task A_payment_whose_user_id_cannot_be_read_is_a_problem_and_under_no_user()
    {
        var before = await ReconcileAsync();
        var target = Target(before);
        OddRows.Set(Store.PortalPath, "PortalPayments", "Id", target.PaymentId!.Value, "UserId", "'abc'");

        var after = await ReconcileAsync();

        AssertProblemForTargetAlone(before, after, target.Reference, $"Portal payment {target.PaymentId} ({target.Reference}): UserId is 'abc'");
        var user = await Store.Payments.UserPaymentsAsync(target.UserId!.Value, readAspire: true, CancellationToken.None);
        Assert.DoesNotContain(user!.Lines, l => l.Row.Id == target.PaymentId);
    }

    [Fact]
    public async Task A_Portal_row_whose_reference_cannot_be_read_is_listed_by_its_id()
    {
        var before = await ReconcileAsync();
        var target = Target(before);
        OddRows.Set(Store.PortalPath, "PortalPayments", "Id", target.PaymentId!.Value, "Reference", "x'ff00'");

        var after = await ReconcileAsync();

        var item = Assert.Single(after, i => i.Reference == $"(Portal payment {target.PaymentId})");
        Assert.Contains("Reference is x'FF00'", item.Problem);
        Assert.DoesNotContain(after, i => i.Reference == target.Reference && i.PaymentId == target.PaymentId);
    }

    [Fact]
    public async Task References_that_SQLite_and_dotnet_order_differently_still_meet_their_records()
    {
        var before = await ReconcileAsync();
        var targets = before.Where(i => i.Verdict is { Finding: AdminCenter.Core.Diagnosis.Finding.InSync } && i.PaymentId is not null).Take(2).ToList();
        string[] odd = ["CP-\uFF01", "CP-\U0001F600"]; // UTF-16 order puts the emoji first; UTF-8 bytes (and SQLite) put it last
        for (var i = 0; i < 2; i++)
        {
            OddRows.Execute(Store.PortalPath, $"UPDATE PortalPayments SET Reference = '{odd[i]}' WHERE Id = {targets[i].PaymentId}");
            OddRows.Execute(Store.AspirePath, $"UPDATE AlternateEft SET PaymentReference = '{odd[i]}' WHERE PaymentReference = '{targets[i].Reference}'");
        }

        var after = await ReconcileAsync();

        Assert.All(odd, reference => Assert.Equal(AdminCenter.Core.Diagnosis.Finding.InSync, Assert.Single(after, i => i.Reference == reference).Verdict?.Finding));
        Assert.Equal(before.Count(i => i.IsOrphan), after.Count(i => i.IsOrphan));
    }

    [Fact]
    public async Task Reconcile_lists_each_problem_in_all_three_formats_and_exits_three()
    {
        var target = Target(await ReconcileAsync());
        OddRows.Set(Store.PortalPath, "PortalPayments", "Id", target.PaymentId!.Value, "Amount", "NULL");
        var settings = Store.Settings;
        var now = SeededStore.SeededAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var expected = $"Portal payment {target.PaymentId} ({target.Reference}): Amount is NULL";

        var json = CommandLine.Run(settings, "reconcile", "--format", "json", "--now", now);
        var csv = CommandLine.Run(settings, "reconcile", "--format", "csv", "--now", now);
        var table = CommandLine.Run(settings, "reconcile", "--now", now);

        Assert.All([json.Exit, csv.Exit, table.Exit], exit => Assert.Equal(AdminCenterCommandLine.SomethingStuck, exit));
        var fromJson = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single(i => i.GetProperty("reference").GetString() == target.Reference);
        Assert.Contains(expected, fromJson.GetProperty("problem").GetString());
        Assert.Equal(JsonValueKind.Null, fromJson.GetProperty("finding").ValueKind);
        var (header, rows) = CsvExport.Read(csv.Output);
        Assert.Contains(expected, rows.Single(r => r[0] == target.Reference)[Array.IndexOf([.. header], "problem")]);
        Assert.Contains(expected, table.Output);
        Assert.Contains("with values that cannot be read", table.Output);
    }
}

/// <summary>
/// PostgreSQL's types keep out most of what SQLite lets in; what is left is NULL where a looser schema allows it, a status
/// outside the five, and the values PostgreSQL has that .NET does not (a NaN amount, an infinite date or time).
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlOddValuesTests() : OddValuesTests(DatabaseProvider.PostgreSQL)
{
    public static readonly TheoryData<string, string, string> PortalValues = new()
    {
        { "Amount", "NULL", "NULL" },
        { "Amount", "'NaN'", "NaN" },
        { "Status", "7", "7" },
        { "Status", "NULL", "NULL" },
        { "CreatedAt", "'infinity'", "'infinity'" },
        { "PaymentDate", "'infinity'", "'infinity'" },
        { "PaymentDate", "NULL", "NULL" },
        { "ContractNumber", "NULL", "NULL" },
        { "CancelRequestedAt", "'-infinity'", "'-infinity'" },
    };

    public static readonly TheoryData<string, string, string> AspireValues = new()
    {
        { "Amount", "NULL", "NULL" },
        { "Amount", "'NaN'", "NaN" },
        { "DueDate", "'infinity'", "'infinity'" },
        { "DueDate", "NULL", "NULL" },
        { "Payments", "NULL", "NULL" },
        { "ModifiedAt", "'infinity'", "'infinity'" },
        { "ModifiedAt", "NULL", "NULL" },
        { "SecCode", "NULL", "NULL" },
        { "ContractNumber", "NULL", "NULL" },
    };

    [Theory]
    [MemberData(nameof(PortalValues))]
    public Task An_odd_Portal_value_is_a_problem_for_its_payment_alone(string column, string literal, string shown) =>
        OddPortalValueAsync(column, literal, shown);

    [Theory]
    [MemberData(nameof(AspireValues))]
    public Task An_odd_ASPIRE_value_is_a_problem_for_its_payment_alone(string column, string literal, string shown) =>
        OddAspireValueAsync(column, literal, shown);

    [Fact]
    public async Task An_infinite_batch_posting_time_is_a_problem_for_every_payment_in_that_batch()
    {
        var before = await ReconcileAsync();
        var inBatch = before.Where(i => i.Verdict is { EftBatchId: not null }).GroupBy(i => i.Verdict!.EftBatchId!.Value).OrderByDescending(g => g.Count()).First();
        OddRows.Set(Store, AdminCenter.Web.Infrastructure.Stores.Store.Aspire, "EftBatch", "EftBatchId", inBatch.Key, "PostedAt", "'infinity'");

        var after = (await ReconcileAsync()).ToDictionary(i => i.Reference);

        Assert.All(inBatch, b => Assert.Contains($"ASPIRE EFT batch {inBatch.Key}: PostedAt is 'infinity'", after[b.Reference].Problem));
        Assert.All(before.Where(i => !inBatch.Any(b => b.Reference == i.Reference)), i => Assert.Equal(Fingerprint(i), Fingerprint(after[i.Reference])));
    }
}

/// <summary>
/// status-rules.md, "Values that cannot be read": one odd value planted in a copy of a seeded set gives that payment a
/// problem naming the store, row, column and stored value, and every other payment the verdict it had; on both providers.
/// </summary>
public abstract class OddValuesTests(DatabaseProvider provider) : IDisposable
{
    protected static readonly TimeSpan Lookback = TimeSpan.FromDays(60);

    protected SeededStore Store { get; } = new(40, 300, provider: provider);

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void SetPortal(long paymentId, string column, string literal) =>
        OddRows.Set(Store, AdminCenter.Web.Infrastructure.Stores.Store.Portal, "PortalPayments", "Id", paymentId, column, literal);

    protected void SetAspire(long recordId, string column, string literal) =>
        OddRows.Set(Store, AdminCenter.Web.Infrastructure.Stores.Store.Aspire, "AlternateEft", "AlternateEftId", recordId, column, literal);

    protected async Task OddPortalValueAsync(string column, string literal, string shown)
    {
        var before = await ReconcileAsync();
        var target = Target(before);
        SetPortal(target.PaymentId!.Value, column, literal);

        var after = await ReconcileAsync();

        var expected = $"Portal payment {target.PaymentId} ({target.Reference}): {column} is {shown}";
        AssertProblemForTargetAlone(before, after, target.Reference, expected);
        await AssertViewPaymentsAgreesAsync(target, expected);
    }

    protected async Task OddAspireValueAsync(string column, string literal, string shown)
    {
        var before = await ReconcileAsync();
        var target = Target(before);
        var recordId = (await Store.Reader.ReadByReferencesAsync([target.Reference], CancellationToken.None)).Records.Single().AlternateEftId;
        SetAspire(recordId, column, literal);

        var after = await ReconcileAsync();

        var expected = $"ASPIRE Alternate EFT {recordId}: {column} is {shown}";
        AssertProblemForTargetAlone(before, after, target.Reference, expected);
        await AssertViewPaymentsAgreesAsync(target, expected);
    }

    protected async Task<List<ReconciledItem>> ReconcileAsync()
    {
        var items = new List<ReconciledItem>();
        await foreach (var item in Store.Get<Reconciler>().EvaluateAsync(SeededStore.SeededAt, Lookback, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>An ordinary payment: scheduled, one open ASPIRE record, in sync.</summary>
    protected static ReconciledItem Target(IEnumerable<ReconciledItem> items) => items.First(i =>
        i.Payment is { Status: PortalPaymentStatus.Scheduled } && i.Verdict is { Finding: AdminCenter.Core.Diagnosis.Finding.InSync, AspireState: AdminCenter.Core.Aspire.AspireState.Open });

    protected static string Fingerprint(ReconciledItem item) => item.Verdict is { } v
        ? $"{item.Reference}|{v.Finding}|{v.Stuck}|{v.Deadline:O}|{v.ExpectedStatus}|{v.Step}"
        : $"{item.Reference}|problem|{item.Problem}";

    protected static void AssertProblemForTargetAlone(List<ReconciledItem> before, List<ReconciledItem> after, string reference, string expected)
    {
        var item = Assert.Single(after, i => i.Reference == reference);
        Assert.Null(item.Verdict);
        Assert.Contains(expected, item.Problem);
        Assert.True(item.StuckOrCritical, "a problem makes reconcile exit 3");
        Assert.Equal(
            before.Where(i => i.Reference != reference).Select(Fingerprint).Order(),
            after.Where(i => i.Reference != reference).Select(Fingerprint).Order());
    }

    protected async Task AssertViewPaymentsAgreesAsync(ReconciledItem target, string expected)
    {
        var userId = target.UserId!.Value;
        var data = await Store.Payments.UserPaymentsAsync(userId, readAspire: true, CancellationToken.None);

        Assert.NotNull(data);
        var line = Assert.Single(data.Lines, l => l.Row.Id == target.PaymentId);
        var assessment = Store.Engine.Assess(line.Case, SeededStore.SeededAt);
        Assert.Null(assessment.Verdict);
        Assert.Contains(expected, assessment.Problem);
        Assert.All(data.Lines.Where(l => l.Row.Id != target.PaymentId), l => Assert.NotNull(Store.Engine.Assess(l.Case, SeededStore.SeededAt).Verdict));
    }
}

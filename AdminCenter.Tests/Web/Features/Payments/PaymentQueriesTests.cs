using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Options;

namespace AdminCenter.Tests.Web.Features.Payments;

public sealed class SqlitePaymentQueriesTests() : PaymentQueriesTests(DatabaseProvider.Sqlite);

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlPaymentQueriesTests() : PaymentQueriesTests(DatabaseProvider.PostgreSQL);

public abstract class PaymentQueriesTests(DatabaseProvider provider) : IDisposable
{
    private readonly SeededStore store = new(60, 500, provider: provider);

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task View_Payments_lists_newest_first_with_the_ASPIRE_rows_for_each()
    {
        var data = await store.Payments.UserPaymentsAsync(1, readAspire: true, CancellationToken.None);

        Assert.NotNull(data);
        Assert.True(data.Aspire.Available);
        var created = data.Cases.Select(c => c.Payment!.CreatedAt).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.Contains(data.Cases, c => c.Records.Count == 1 && c.Records[0].PaymentReference == c.Payment!.Reference);
        var verdicts = data.Cases.Select(c => store.Engine.Assess(c, SeededStore.SeededAt)).ToList();
        Assert.Contains(verdicts, v => v.Verdict?.Finding == Finding.NotTransferred);
        Assert.Contains(verdicts, v => v.Verdict?.Finding == Finding.DuplicateAspireRecords);
    }

    [Fact]
    public async Task An_unknown_user_or_payment_is_null_not_an_error()
    {
        Assert.Null(await store.Payments.UserPaymentsAsync(987654, readAspire: true, CancellationToken.None));
        Assert.Null(await store.Payments.PaymentDetailAsync(-5, readAspire: true, CancellationToken.None));
    }

    [Fact]
    public async Task Payment_detail_has_the_status_history_in_order()
    {
        var detail = await store.Payments.PaymentDetailAsync(10, readAspire: true, CancellationToken.None);

        Assert.NotNull(detail);
        Assert.NotEmpty(detail.History.Rows);
        Assert.Empty(detail.History.Unreadable);
        Assert.Equal(detail.History.Rows.OrderBy(h => h.At).Select(h => h.At), detail.History.Rows.Select(h => h.At));
        Assert.Null(detail.History.Rows[0].From);
    }

    [Fact]
    public async Task Without_ASPIRE_the_Portal_side_still_loads_with_a_named_state()
    {
        var away = store.Stores.AspireAway();

        var data = await store.Payments.UserPaymentsAsync(1, readAspire: true, CancellationToken.None);

        Assert.NotNull(data);
        Assert.NotEmpty(data.Cases);
        Assert.False(data.Aspire.Available);
        Assert.Equal(provider == DatabaseProvider.Sqlite ? "ASPIRE database not found" : "ASPIRE database does not have the expected tables", data.Aspire.Error);
        Assert.Equal(SeededStore.SeededAt, data.Aspire.UnavailableSince);

        away.Dispose();
        Assert.True((await store.Payments.UserPaymentsAsync(1, readAspire: true, CancellationToken.None))!.Aspire.Available);
        Assert.Null(store.Availability.UnavailableSince);
    }
}

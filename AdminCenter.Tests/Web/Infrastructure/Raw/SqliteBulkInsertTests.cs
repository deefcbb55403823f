using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Infrastructure.Raw;

/// <summary>The raw insert of the demo build stores every value exactly as the ADO.NET insert does: same text, same numbers, same nulls.</summary>
public sealed class SqliteBulkInsertTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly PortalUserEntity[] Users =
    [
        new() { Id = 1, UserName = "dwhitfield", Email = "dana.whitfield@example.com", FirstName = "Dana", LastName = "Whitfield", AspireCustomerId = 700001,
            CreatedAt = new DateTime(2024, 3, 9, 8, 7, 6, DateTimeKind.Utc), LastSignInAt = null, IsActive = true },
        new() { Id = 2, UserName = "o'brien", Email = "Zoë.O'Brien@example.org", FirstName = "Zoë", LastName = "O'Brien-Ünal", AspireCustomerId = 700002,
            CreatedAt = new DateTime(2024, 3, 9, 8, 7, 6, DateTimeKind.Utc).AddTicks(1234567), LastSignInAt = new DateTime(2026, 11, 29, 23, 59, 59, 999, DateTimeKind.Utc), IsActive = false },
    ];

    private static readonly PortalPaymentEntity[] Payments =
    [
        new() { Id = 10, Reference = "CP-000000010", UserId = 1, ContractNumber = "1000001-001", Amount = 250m, PaymentDate = new DateOnly(2026, 12, 3), BankAccountLast4 = "0042",
            Status = PortalPaymentStatus.PendingCancel, CreatedAt = new DateTime(2026, 11, 29, 14, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 11, 29, 14, 5, 1, DateTimeKind.Utc).AddTicks(5),
            CancelRequestedAt = new DateTime(2026, 11, 29, 14, 5, 0, DateTimeKind.Utc) },
        new() { Id = 11, Reference = "CP-000000011", UserId = 2, ContractNumber = "1000002-003", Amount = 0.01m, PaymentDate = new DateOnly(2027, 1, 4), BankAccountLast4 = null,
            Status = PortalPaymentStatus.Paid, CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), CancelRequestedAt = null },
        new() { Id = 12, Reference = "CP-000000012", UserId = 2, ContractNumber = "x", Amount = 1234567.125m, PaymentDate = DateOnly.MinValue, BankAccountLast4 = "9999",
            Status = PortalPaymentStatus.Pending, CreatedAt = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc) },
    ];

    private static readonly PaymentStatusChangeEntity[] Changes =
    [
        new() { Id = 1, PaymentId = 10, FromStatus = null, ToStatus = PortalPaymentStatus.Pending, ChangedAt = new DateTime(2026, 11, 29, 14, 0, 0, DateTimeKind.Utc), Source = "Portal" },
        new() { Id = 2, PaymentId = 10, FromStatus = PortalPaymentStatus.Scheduled, ToStatus = PortalPaymentStatus.PendingCancel, ChangedAt = new DateTime(2026, 11, 29, 14, 5, 0, DateTimeKind.Utc).AddTicks(1), Source = "Sync" },
    ];

    private string Write(string name, bool raw)
    {
        var path = folder.File(name);
        DemoDatabaseBuilder.CreatePortalSchema(path);
        using var context = new SqlitePortalDbContext(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=:memory:")));
        var model = context.Model;
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void All<T>(IEnumerable<T> rows)
            where T : class
        {
            if (raw)
            {
                using var insert = SqliteBulkInsert<T>.Prepare(model, connection, transaction);
                foreach (var row in rows)
                {
                    insert.Execute(row);
                }
            }
            else
            {
                using var insert = EntityWriter<T>.PrepareInsert(model, connection, transaction);
                foreach (var row in rows)
                {
                    insert.Execute(row);
                }
            }
        }

        All(Users);
        All(Payments);
        All(Changes);
        transaction.Commit();
        return path;
    }

    private static List<string> Dump(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var columns = connection.CreateCommand();
        columns.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        var names = new List<string>();
        using (var reader = columns.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(" || '|' || ", names.Select(n => $"typeof(\"{n}\") || ':' || quote(\"{n}\")"))} FROM \"{table}\" ORDER BY rowid";
        var rows = new List<string>();
        using var all = select.ExecuteReader();
        while (all.Read())
        {
            rows.Add(all.GetString(0));
        }

        return rows;
    }

    [Theory]
    [InlineData("PortalUsers")]
    [InlineData("PortalPayments")]
    [InlineData("PaymentStatusChanges")]
    public void Every_value_is_stored_with_the_same_type_and_text_as_the_ADO_NET_insert(string table)
    {
        var viaAdoNet = Write("ado.db", raw: false);
        var viaRaw = Write("raw.db", raw: true);

        var expected = Dump(viaAdoNet, table);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Dump(viaRaw, table));
    }

    [Fact]
    public void A_constraint_the_row_breaks_is_reported_as_a_SQLite_error()
    {
        var path = folder.File("dup.db");
        DemoDatabaseBuilder.CreatePortalSchema(path);
        using var context = new SqlitePortalDbContext(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=:memory:")));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var insert = SqliteBulkInsert<PortalUserEntity>.Prepare(context.Model, connection, null);
        insert.Execute(Users[0]);

        var error = Assert.Throws<SqliteException>(() => insert.Execute(Users[0]));

        Assert.Equal(19, error.SqliteErrorCode);
    }
}

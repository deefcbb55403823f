using System.Runtime.CompilerServices;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Data;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Reconciliation;

/// <summary>Every Portal payment reference in order; the full payment only for those in scope.</summary>
public sealed record StreamedPayment(string Reference, PortalPayment? Payment);

/// <summary>
/// Reconciliation's hot path over the Portal store: a plain reader on the EF Core connection, explicit columns,
/// parsing only the rows in scope (not terminal, or created since the lookback start).
/// </summary>
public static class PortalPaymentStream
{
    private const string Sql = """
        SELECT Reference, Status, CreatedAt, Id, UserId, ContractNumber, Amount, PaymentDate, UpdatedAt, CancelRequestedAt, BankAccountLast4
        FROM PortalPayments
        ORDER BY Reference
        """;

    public static async IAsyncEnumerable<StreamedPayment> OrderedByReferenceAsync(IDbContextFactory<PortalDbContext> contexts, DateTimeOffset lookbackStart, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Stored instants sort as text, so the scope test needs no parsing.
        var since = System.Text.Encoding.UTF8.GetBytes(lookbackStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture));
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        using var reader = new SqliteRowReader(connection, Sql);
        var row = 0;
        while (reader.Read())
        {
            if (++row % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var reference = reader.String(0);
            var status = (PortalPaymentStatus)reader.Int32(1);
            if (status.IsTerminal() && reader.Utf8(2).SequenceCompareTo(since) < 0)
            {
                yield return new StreamedPayment(reference, null);
                continue;
            }

            yield return new StreamedPayment(reference, new PortalPayment
            {
                Id = reader.Int64(3),
                Reference = reference,
                UserId = reader.Int64(4),
                ContractNumber = reader.String(5),
                Amount = reader.Decimal(6),
                PaymentDate = reader.Date(7),
                Status = status,
                CreatedAt = UtcInstant.From(reader.DateTime(2)),
                UpdatedAt = UtcInstant.From(reader.DateTime(8)),
                CancelRequestedAt = reader.IsNull(9) ? null : UtcInstant.From(reader.DateTime(9)),
                BankAccountLast4 = reader.NullableString(10),
            });
        }
    }
}

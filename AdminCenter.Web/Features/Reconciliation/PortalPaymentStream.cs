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
        var since = lookbackStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);

        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (reader.Read())
        {
            var reference = reader.GetString(0);
            var status = (PortalPaymentStatus)reader.GetInt32(1);
            var created = reader.GetString(2);
            if (status.IsTerminal() && string.CompareOrdinal(created, since) < 0)
            {
                yield return new StreamedPayment(reference, null);
                continue;
            }

            yield return new StreamedPayment(reference, new PortalPayment
            {
                Id = reader.GetInt64(3),
                Reference = reference,
                UserId = reader.GetInt64(4),
                ContractNumber = reader.GetString(5),
                Amount = StoredText.ParseDecimal(reader.GetString(6)),
                PaymentDate = StoredText.ParseDate(reader.GetString(7)),
                Status = status,
                CreatedAt = UtcInstant.From(StoredText.ParseDateTime(created)),
                UpdatedAt = UtcInstant.From(StoredText.ParseDateTime(reader.GetString(8))),
                CancelRequestedAt = reader.IsDBNull(9) ? null : UtcInstant.From(StoredText.ParseDateTime(reader.GetString(9))),
                BankAccountLast4 = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }
    }
}

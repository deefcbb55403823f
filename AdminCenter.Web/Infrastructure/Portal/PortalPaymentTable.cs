using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>
/// The Portal payments table as the raw readers see it: table and column names taken from the EF model (never written out
/// by hand), in the order <see cref="ReadRow"/> reads them.
/// </summary>
public sealed class PortalPaymentTable
{
    public const string Source = "Portal payment";

    private static readonly string[] Properties =
    [
        nameof(PortalPaymentEntity.Id), nameof(PortalPaymentEntity.Reference), nameof(PortalPaymentEntity.UserId),
        nameof(PortalPaymentEntity.Status), nameof(PortalPaymentEntity.CreatedAt), nameof(PortalPaymentEntity.ContractNumber),
        nameof(PortalPaymentEntity.Amount), nameof(PortalPaymentEntity.PaymentDate), nameof(PortalPaymentEntity.UpdatedAt),
        nameof(PortalPaymentEntity.CancelRequestedAt), nameof(PortalPaymentEntity.BankAccountLast4),
    ];

    private readonly Dictionary<string, string> columnOf;

    public PortalPaymentTable(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entity = model.FindEntityType(typeof(PortalPaymentEntity)) ?? throw new InvalidOperationException("The Portal model has no payments.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        columnOf = Properties.ToDictionary(p => p, p => entity.FindProperty(p)!.GetColumnName(table)!);
        Table = Quote(entity.GetTableName()!);
        SelectList = string.Join(", ", Properties.Select(p => Quote(columnOf[p])));
    }

    public static PortalPaymentTable From(IDbContextFactory<PortalDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        using var db = contexts.CreateDbContext();
        return new PortalPaymentTable(db.Model);
    }

    /// <summary>"PortalPayments", quoted as EF made it.</summary>
    public string Table { get; }

    /// <summary>The columns <see cref="ReadRow"/> expects, in its order.</summary>
    public string SelectList { get; }

    public IReadOnlyList<string> ColumnNames => Properties.Select(p => columnOf[p]).ToList();

    /// <summary>The quoted column of an entity property (nameof(PortalPaymentEntity.…)).</summary>
    public string Column(string property) => Quote(columnOf[property]);

    /// <summary>
    /// Reads one row selected with <see cref="SelectList"/>. With a lookback start, a settled payment created before it is
    /// out of scope and not parsed further.
    /// </summary>
    public static PortalPaymentRow ReadRow(IRawRow row, RowDecoder decoder, DateTimeOffset? lookbackStart = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        string? reference = null;
        var referenceReadable = !row.IsNull(1) && row.TryText(1, out reference);
        decoder.Begin(row, referenceReadable ? $"{id} ({reference})" : id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!referenceReadable)
        {
            decoder.Block(1, "Reference", UnreadableValue.Expect.Text);
            reference = null;
        }

        long? userId = row.TryInt64(2, out var user) ? user : null;
        var statusReadable = row.TryInt64(3, out var code) && Enum.IsDefined((PortalPaymentStatus)code) && code is >= 0 and <= 4;
        var status = (PortalPaymentStatus)code;
        if (lookbackStart is { } start && statusReadable && status.IsTerminal() && row.TryInstant(4, out var created) && created < start)
        {
            return new PortalPaymentRow(id, reference, userId, null, [], InScope: false);
        }

        if (!statusReadable)
        {
            decoder.Block(3, "Status", UnreadableValue.Expect.PortalStatus);
        }

        var payment = new PortalPayment
        {
            Id = id,
            Reference = reference ?? "",
            UserId = decoder.Int64(2, "UserId"),
            Status = status,
            CreatedAt = decoder.Instant(4, "CreatedAt"),
            ContractNumber = decoder.Text(5, "ContractNumber"),
            Amount = decoder.Decimal(6, "Amount"),
            PaymentDate = decoder.Date(7, "PaymentDate"),
            UpdatedAt = decoder.InstantOrNote(8, "UpdatedAt"),
            CancelRequestedAt = decoder.NullableInstant(9, "CancelRequestedAt"),
            BankAccountLast4 = decoder.TextOrNote(10, "BankAccountLast4"),
        };
        return new PortalPaymentRow(id, reference, userId, decoder.Blocked ? null : payment, decoder.Problems());
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

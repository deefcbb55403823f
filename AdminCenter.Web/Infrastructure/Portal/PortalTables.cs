using AdminCenter.Core.Payments;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Expect = AdminCenter.Core.Diagnosis.UnreadableValue.Expect;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>A Portal table as a raw reader selects it: table and column names, in the order a mapping reads them.</summary>
public sealed class TableColumns
{
    private readonly IReadOnlyDictionary<string, string> columnOf;

    private TableColumns(string table, IReadOnlyList<string> properties, IReadOnlyDictionary<string, string> columns)
    {
        columnOf = columns;
        Properties = properties;
        TableName = table;
        Table = Quote(table);
        SelectList = string.Join(", ", properties.Select(p => Quote(columnOf[p])));
    }

    /// <summary>Names as EF Core's conventions give them (every column named after its property), pinned to the model by a test.</summary>
    public static TableColumns Named(string table, IReadOnlyList<string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new TableColumns(table, properties, properties.ToDictionary(p => p, p => p));
    }

    /// <summary>Names as an EF model maps them.</summary>
    public static TableColumns FromModel(IModel model, Type entityType, IReadOnlyList<string> properties)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(properties);
        var entity = model.FindEntityType(entityType) ?? throw new InvalidOperationException($"{entityType.Name} is not in the Portal model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return new TableColumns(entity.GetTableName()!, properties, properties.ToDictionary(p => p, p => entity.FindProperty(p)?.GetColumnName(table)
            ?? throw new InvalidOperationException($"{entityType.Name} has no mapped property {p}.")));
    }

    public IReadOnlyList<string> Properties { get; }

    public string TableName { get; }

    /// <summary>The table, quoted.</summary>
    public string Table { get; }

    /// <summary>The columns the mapping expects, in its order.</summary>
    public string SelectList { get; }

    public IReadOnlyList<string> ColumnNames => Properties.Select(p => columnOf[p]).ToList();

    /// <summary>The quoted column of an entity property (nameof(…)).</summary>
    public string Column(string property) => Quote(columnOf[property]);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// The Portal tables the raw readers read, and how each row is read strictly: a value the diagnosis needs that cannot be
/// read blocks the row (a problem instead of a guess); one that is only shown becomes null with a note. The names are
/// EF Core's conventional ones (<see cref="Named"/>), so no reader builds the Portal model (half a second of a
/// <c>reconcile</c>); SchemaContractTests pins them to the model on both providers.
/// </summary>
public sealed class PortalTables
{
    public const string PaymentSource = "Portal payment";
    public const string UserSource = "Portal user";
    public const string ChangeSource = "Portal status change";
    public const string SyncRunSource = "Portal sync run";

    private static readonly string[] PaymentProperties =
    [
        nameof(PortalPaymentEntity.Id), nameof(PortalPaymentEntity.Reference), nameof(PortalPaymentEntity.UserId),
        nameof(PortalPaymentEntity.Status), nameof(PortalPaymentEntity.CreatedAt), nameof(PortalPaymentEntity.ContractNumber),
        nameof(PortalPaymentEntity.Amount), nameof(PortalPaymentEntity.PaymentDate), nameof(PortalPaymentEntity.UpdatedAt),
        nameof(PortalPaymentEntity.CancelRequestedAt), nameof(PortalPaymentEntity.BankAccountLast4),
    ];

    private static readonly string[] UserProperties =
    [
        nameof(PortalUserEntity.Id), nameof(PortalUserEntity.UserName), nameof(PortalUserEntity.Email), nameof(PortalUserEntity.FirstName),
        nameof(PortalUserEntity.LastName), nameof(PortalUserEntity.AspireCustomerId), nameof(PortalUserEntity.IsActive),
        nameof(PortalUserEntity.CreatedAt), nameof(PortalUserEntity.LastSignInAt),
    ];

    private static readonly string[] ChangeProperties =
    [
        nameof(PaymentStatusChangeEntity.Id), nameof(PaymentStatusChangeEntity.PaymentId), nameof(PaymentStatusChangeEntity.FromStatus),
        nameof(PaymentStatusChangeEntity.ToStatus), nameof(PaymentStatusChangeEntity.ChangedAt), nameof(PaymentStatusChangeEntity.Source),
    ];

    private static readonly string[] SyncRunProperties =
    [
        nameof(SyncRunEntity.Id), nameof(SyncRunEntity.Kind), nameof(SyncRunEntity.StartedAt), nameof(SyncRunEntity.FinishedAt),
        nameof(SyncRunEntity.Succeeded), nameof(SyncRunEntity.ItemCount), nameof(SyncRunEntity.Error),
    ];

    private PortalTables(TableColumns payments, TableColumns users, TableColumns statusChanges, TableColumns syncRuns)
    {
        Payments = payments;
        Users = users;
        StatusChanges = statusChanges;
        SyncRuns = syncRuns;
    }

    /// <summary>The tables as the Portal's EF model names them by convention.</summary>
    public static PortalTables Named { get; } = new(
        TableColumns.Named("PortalPayments", PaymentProperties),
        TableColumns.Named("PortalUsers", UserProperties),
        TableColumns.Named("PaymentStatusChanges", ChangeProperties),
        TableColumns.Named("SyncRuns", SyncRunProperties));

    public TableColumns Payments { get; }

    public TableColumns Users { get; }

    public TableColumns StatusChanges { get; }

    public TableColumns SyncRuns { get; }

    /// <summary>The tables as a built EF model maps them (for the test that pins <see cref="Named"/>).</summary>
    public static PortalTables FromModel(IModel model) => new(
        TableColumns.FromModel(model, typeof(PortalPaymentEntity), PaymentProperties),
        TableColumns.FromModel(model, typeof(PortalUserEntity), UserProperties),
        TableColumns.FromModel(model, typeof(PaymentStatusChangeEntity), ChangeProperties),
        TableColumns.FromModel(model, typeof(SyncRunEntity), SyncRunProperties));

    /// <summary>
    /// A payment row selected with <see cref="Payments"/>. With a lookback start, a settled payment created before it is out
    /// of scope and not parsed further.
    /// </summary>
    public static PortalPaymentRow ReadPayment(IRawRow row, RowDecoder decoder, DateTimeOffset? lookbackStart = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        string? reference = null;
        var referenceReadable = !row.IsNull(1) && row.TryText(1, out reference);
        decoder.Begin(row, id, referenceReadable ? reference : null);
        long? userId = row.TryInt64(2, out var user) ? user : null;
        var status = decoder.Enum<PortalPaymentStatus>(3, "Status", Expect.PortalStatus);
        if (lookbackStart is { } start && !decoder.Blocked && status.IsTerminal() && row.TryInstant(4, out var created) && created < start)
        {
            return new PortalPaymentRow(id, referenceReadable ? reference : null, userId, null, [], InScope: false);
        }

        if (!referenceReadable)
        {
            decoder.Block(1, "Reference", Expect.Text);
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
        return new PortalPaymentRow(id, referenceReadable ? reference : null, userId, decoder.Blocked ? null : payment, decoder.Problems());
    }

    /// <summary>A user row selected with <see cref="Users"/>: everything here is only shown, so nothing blocks it.</summary>
    public static PortalUser ReadUser(IRawRow row, RowDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        decoder.Begin(row, id);
        return new PortalUser(
            id,
            decoder.TextOrNote(1, "UserName") ?? "",
            decoder.TextOrNote(2, "Email") ?? "",
            decoder.TextOrNote(3, "FirstName") ?? "",
            decoder.TextOrNote(4, "LastName") ?? "",
            decoder.Int64OrNote(5, "AspireCustomerId"),
            decoder.BooleanOrNote(6, "IsActive") ?? true,
            decoder.InstantOrNote(7, "CreatedAt"),
            row.IsNull(8) ? null : decoder.InstantOrNote(8, "LastSignInAt"));
    }

    /// <summary>A status change selected with <see cref="StatusChanges"/>, or null (with its problems) when it cannot be placed in time.</summary>
    public static PaymentStatusChange? ReadStatusChange(IRawRow row, RowDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(decoder);
        decoder.Begin(row, row.TryInt64(0, out var key) ? key : 0);
        var change = new PaymentStatusChange(
            decoder.NullableEnum<PortalPaymentStatus>(2, "FromStatus", Expect.PortalStatus),
            decoder.Enum<PortalPaymentStatus>(3, "ToStatus", Expect.PortalStatus),
            decoder.Instant(4, "ChangedAt"),
            decoder.TextOrNote(5, "Source") ?? "unknown");
        return decoder.Blocked ? null : change;
    }

    /// <summary>A sync run selected with <see cref="SyncRuns"/>, or null (with its problems) when it cannot be placed in time or judged.</summary>
    public static SyncRun? ReadSyncRun(IRawRow row, RowDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        decoder.Begin(row, id);
        var run = new SyncRun
        {
            Id = id,
            Kind = decoder.Enum<SyncRunKind>(1, "Kind", "0 (incremental) or 1 (daily)"),
            StartedAt = decoder.Instant(2, "StartedAt"),
            FinishedAt = row.IsNull(3) ? null : decoder.InstantOrNote(3, "FinishedAt"),
            Succeeded = decoder.Boolean(4, "Succeeded"),
            ItemCount = decoder.Int32OrNote(5, "ItemCount") ?? 0,
            Error = decoder.TextOrNote(6, "Error"),
        };
        return decoder.Blocked ? null : run;
    }
}

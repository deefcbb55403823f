using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Infrastructure.Raw;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>
/// The ASPIRE columns AdminCenter reads (aspire-schema.sql), in the order the mappings below read them: the one list the
/// readers, the schema check and the demo writer share.
/// </summary>
public static class AspireTables
{
    public const string AlternateEft = "AlternateEft";
    public const string EftBatch = "EftBatch";
    public const string RecordSource = "ASPIRE Alternate EFT";
    public const string BatchSource = "ASPIRE EFT batch";

    public static IReadOnlyList<string> AlternateEftColumns { get; } =
    [
        "AlternateEftId", "PaymentReference", "ContractNumber", "CustomerId", "Amount", "DueDate", "SecCode", "Payments",
        "PaymentsProcessed", "BankAccountLast4", "EftBatchId", "CreatedAt", "ModifiedAt",
    ];

    public static IReadOnlyList<string> EftBatchColumns { get; } =
        ["EftBatchId", "DueDateBegin", "DueDateEnd", "EffectiveEntryDate", "GeneratedAt", "PostedAt"];

    /// <summary>A record's values in the order of <see cref="AlternateEftColumns"/> (for the demo writers).</summary>
    public static object?[] Values(AlternateEftRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return [record.AlternateEftId, record.PaymentReference, record.ContractNumber, record.CustomerId, record.Amount, record.DueDate,
            record.SecCode, record.Payments, record.PaymentsProcessed, record.BankAccountLast4, record.EftBatchId, record.CreatedAt, record.ModifiedAt];
    }

    /// <summary>A batch's values in the order of <see cref="EftBatchColumns"/> (for the demo writers).</summary>
    public static object?[] Values(EftBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return [batch.EftBatchId, batch.DueDateBegin, batch.DueDateEnd, batch.EffectiveEntryDate, batch.GeneratedAt, batch.PostedAt];
    }

    /// <summary>
    /// "a.AlternateEftId, a.PaymentReference, …" for a SELECT. Unquoted, as aspire-schema.sql creates them, so PostgreSQL
    /// folds them to lower case exactly as it did when the tables were made.
    /// </summary>
    public static string Columns(IReadOnlyList<string> columns, string alias) => string.Join(", ", columns.Select(c => $"{alias}.{c}"));

    /// <summary>Reads one AlternateEft row selected with <see cref="AlternateEftColumns"/>.</summary>
    public static AspireRecordRow ReadRecord(IRawRow row, RowDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        decoder.Begin(row, id);
        string? reference = null;
        var referenceReadable = row.IsNull(1) || row.TryText(1, out reference);
        if (!referenceReadable)
        {
            decoder.Block(1, "PaymentReference", UnreadableValue.Expect.Text);
        }

        var record = new AlternateEftRecord
        {
            AlternateEftId = decoder.Int64(0, "AlternateEftId"),
            PaymentReference = reference,
            ContractNumber = decoder.Text(2, "ContractNumber"),
            CustomerId = decoder.Int64OrNote(3, "CustomerId"),
            Amount = decoder.Decimal(4, "Amount"),
            DueDate = decoder.Date(5, "DueDate"),
            SecCode = decoder.Text(6, "SecCode"),
            Payments = decoder.Int32(7, "Payments"),
            PaymentsProcessed = decoder.Int32OrNote(8, "PaymentsProcessed"),
            BankAccountLast4 = decoder.TextOrNote(9, "BankAccountLast4"),
            EftBatchId = decoder.NullableInt64(10, "EftBatchId"),
            CreatedAt = decoder.WallClockOrNote(11, "CreatedAt"),
            ModifiedAt = decoder.WallClock(12, "ModifiedAt"),
        };
        return new AspireRecordRow(id, referenceReadable ? reference : null, decoder.Blocked ? null : record, decoder.Problems());
    }

    /// <summary>Reads one EftBatch row selected with <see cref="EftBatchColumns"/>: the batch, or its id with what could not be read.</summary>
    public static (long Id, EftBatch? Batch, IReadOnlyList<UnreadableValue> Problems) ReadBatch(IRawRow row, RowDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var id = row.TryInt64(0, out var key) ? key : 0;
        decoder.Begin(row, id);
        var batch = new EftBatch
        {
            EftBatchId = decoder.Int64(0, "EftBatchId"),
            DueDateBegin = decoder.DateOrNote(1, "DueDateBegin"),
            DueDateEnd = decoder.DateOrNote(2, "DueDateEnd"),
            EffectiveEntryDate = decoder.DateOrNote(3, "EffectiveEntryDate"),
            GeneratedAt = decoder.WallClockOrNote(4, "GeneratedAt"),
            PostedAt = decoder.NullableWallClock(5, "PostedAt"),
        };
        return (id, decoder.Blocked ? null : batch, decoder.Problems());
    }

    /// <summary>Batches as read, the unreadable ones set aside with their problems.</summary>
    public static AspireBatches Collect(IEnumerable<(long Id, EftBatch? Batch, IReadOnlyList<UnreadableValue> Problems)> rows)
    {
        var batches = new List<EftBatch>();
        var unreadable = new Dictionary<long, IReadOnlyList<UnreadableValue>>();
        foreach (var (id, batch, problems) in rows)
        {
            if (batch is null)
            {
                unreadable[id] = problems;
            }
            else
            {
                batches.Add(batch);
            }
        }

        return new AspireBatches(batches, unreadable);
    }
}

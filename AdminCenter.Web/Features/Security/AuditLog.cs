using System.Security.Cryptography;
using System.Text;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Security;

public sealed record AuditLine(long Id, DateTimeOffset At, string Who, string Action, string? Subject, string? Detail);

/// <summary>What `audit verify` and the audit page say: intact with a count, or the first line that breaks the chain.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? BrokenAt, string Summary, string? HeadHash);

public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignInsRefused = "SignInsRefused";
    public const string SignOut = "SignOut";
    public const string SessionsEnded = "SessionsEnded";
    public const string Search = "Search";
    public const string ViewPayments = "ViewPayments";
    public const string ViewPayment = "ViewPayment";
    public const string Escalate = "Escalate";
    public const string EscalationChange = "EscalationChange";
    public const string Download = "Download";

    public static IReadOnlyList<string> All { get; } =
        [SignIn, SignInFailed, SignInsRefused, SignOut, SessionsEnded, Search, ViewPayments, ViewPayment, Escalate, EscalationChange, Download];
}

/// <summary>
/// The append-only audit log. There is no update or delete here (and the store refuses them); each line is chained to
/// the one before it by a SHA-256 hash and ids run without gaps, so <see cref="VerifyAsync"/> finds the first line
/// changed, removed or inserted behind the app's back. Appends are one at a time across instances.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AdminCenterDbContext> contexts, TimeProvider time)
{
    public const int MaxShown = 500;

    public async Task AppendAsync(string who, string action, string? subject, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(action);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await StoreDrivers.SerializeAsync(db.Database, StoreDrivers.LockKeys.AuditAppend, cancellationToken);
            var head = await db.AuditHead.SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
            var entry = new AuditEntryEntity
            {
                Id = (head?.LastId ?? 0) + 1,
                At = Microseconds(time.GetUtcNow().UtcDateTime),
                Who = Cap(who, 254),
                Action = Cap(action, 60),
                Subject = subject is null ? null : Cap(subject, 200),
                Detail = detail is null ? null : Cap(detail, 2000),
                PreviousHash = head?.LastHash ?? "",
            };
            entry.Hash = HashOf(entry);
            db.AuditLog.Add(entry);
            if (head is null)
            {
                db.AuditHead.Add(new AuditHeadEntity { LastId = entry.Id, LastHash = entry.Hash });
            }
            else
            {
                head.LastId = entry.Id;
                head.LastHash = entry.Hash;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    public async Task<IReadOnlyList<AuditLine>> ReadAsync(string? who, string? action, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(who))
        {
            var prefix = who.Trim();
            query = query.Where(a => a.Who.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }

        if (since is { } s)
        {
            var from = s.UtcDateTime;
            query = query.Where(a => a.At >= from);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(MaxShown).ToListAsync(cancellationToken);
        return rows.Select(a => new AuditLine(a.Id, UtcInstant.From(a.At), a.Who, a.Action, a.Subject, a.Detail)).ToList();
    }

    /// <summary>Walks the whole chain: every line's hash, its link to the line before, no gap in the ids, and the head beside it.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
        long count = 0;
        AuditEntryEntity? previous = null;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            var expectedId = (previous?.Id ?? 0) + 1;
            if (entry.Id != expectedId)
            {
                return Broken(count - 1, entry.Id > expectedId ? expectedId : entry.Id,
                    entry.Id > expectedId ? $"entries #{expectedId}–#{entry.Id - 1} were removed" : $"entry #{entry.Id} was inserted out of order");
            }

            if (!string.Equals(entry.PreviousHash, previous?.Hash ?? "", StringComparison.Ordinal))
            {
                return Broken(count - 1, entry.Id, $"entry #{entry.Id} does not follow entry #{previous?.Id ?? 0}: an entry was inserted, removed or replaced there");
            }

            if (!string.Equals(entry.Hash, HashOf(entry), StringComparison.Ordinal))
            {
                return Broken(count - 1, entry.Id, $"entry #{entry.Id} was changed after it was written");
            }

            previous = entry;
        }

        if ((head?.LastId ?? 0) != (previous?.Id ?? 0) || !string.Equals(head?.LastHash ?? "", previous?.Hash ?? "", StringComparison.Ordinal))
        {
            return head is { } h && previous is { } p && h.LastId > p.Id
                ? Broken(count, p.Id + 1, $"entries #{p.Id + 1}–#{h.LastId} were removed from the end")
                : Broken(count, previous?.Id ?? 0, "the audit log and its head record disagree: entries were added or removed behind the app's back");
        }

        return new AuditVerification(true, count, null, $"Intact: {count:N0} entries{(previous is null ? "" : $", the newest #{previous.Id}")}.", previous?.Hash);
    }

    private static AuditVerification Broken(long intactBefore, long at, string what) =>
        new(false, intactBefore, at, $"Broken: {what}. The {intactBefore:N0} entries before it are intact.", null);

    /// <summary>SHA-256 over every field and the link to the line before, each length-prefixed so no two lines can collide by shifting text.</summary>
    public static string HashOf(AuditEntryEntity entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microseconds(entry.At).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            entry.Who, entry.Action, entry.Subject ?? "\0", entry.Detail ?? "\0", entry.PreviousHash,
        })
        {
            text.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // PostgreSQL keeps microseconds: the hash covers what every store can keep.
    private static DateTime Microseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length];
}

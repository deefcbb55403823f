using System.Security.Cryptography;
using System.Text;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

public sealed record AuditLine(long Id, DateTimeOffset At, string Who, string Action, string? Subject, string? Detail, string? ClientAddress = null, string? Session = null);

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
    public const string SecondFactorEnrolled = "SecondFactorEnrolled";
    public const string SecondFactorReset = "SecondFactorReset";

    public static IReadOnlyList<string> All { get; } =
        [SignIn, SignInFailed, SignInsRefused, SignOut, SessionsEnded, Search, ViewPayments, ViewPayment, Escalate, EscalationChange, Download,
            SecondFactorEnrolled, SecondFactorReset];
}

/// <summary>
/// The append-only audit log. There is no update or delete here (and the store refuses them); each line is chained to
/// the one before it by an HMAC-SHA-256 under a key that is not in the store, and ids run without gaps, so
/// <see cref="VerifyAsync"/> finds the first line changed, removed or inserted behind the app's back, even by someone who
/// can write the store and recompute hashes. The head is also checkpointed outside the store (a file and a log line,
/// every AuditCheckpointEvery entries, at shutdown and on every verification), so entries cut from the end are found too.
/// Appends are one at a time across instances.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AdminCenterDbContext> contexts, TimeProvider time, LocalSecrets secrets, AuditCheckpoints checkpoints, IOptions<SecurityOptions> options, StoreWriteGate gate)
{
    public const int MaxShown = 500;

    public Task AppendAsync(string who, string action, string? subject, string? detail, CancellationToken cancellationToken) =>
        AppendAsync(who, action, subject, detail, AuditOrigin.None, cancellationToken);

    /// <summary>An act of a staff member, with where it came from.</summary>
    public Task AppendAsync(StaffMember actor, string action, string? subject, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return AppendAsync(actor.Name, action, subject, detail, actor.Origin, cancellationToken);
    }

    public async Task AppendAsync(string who, string action, string? subject, string? detail, AuditOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(origin);
        AuditEntryEntity? written = null;
        using (await gate.EnterAsync(cancellationToken))
        {
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
                    ClientAddress = origin.ClientAddress is null ? null : Cap(origin.ClientAddress, 64),
                    Session = origin.Session is null ? null : Cap(origin.Session, 64),
                    PreviousHash = head?.LastHash ?? "",
                };
                entry.Hash = HashOf(entry);
                written = entry;
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

        if (written is { } entry && (entry.Id == 1 || entry.Id % options.Value.AuditCheckpointEvery == 0))
        {
            checkpoints.Record(await FirstHashAsync(cancellationToken) ?? entry.Hash, entry.Id, entry.Hash);
        }
    }

    private async Task<string?> FirstHashAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditLog.AsNoTracking().Where(a => a.Id == 1).Select(a => a.Hash).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checkpoints the newest entry now (at shutdown).</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken) is { LastId: > 0 } head
            && await FirstHashAsync(cancellationToken) is { } first)
        {
            checkpoints.Record(first, head.LastId, head.LastHash);
        }
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
        return rows.Select(a => new AuditLine(a.Id, UtcInstant.From(a.At), a.Who, a.Action, a.Subject, a.Detail, a.ClientAddress, a.Session)).ToList();
    }

    /// <summary>
    /// Walks the whole chain: every line's keyed hash, its link to the line before, no gap in the ids, the head beside it,
    /// and every checkpoint taken outside the store (an entry a checkpoint saw must still be there with the same hash).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var first = await FirstHashAsync(cancellationToken);
        var seen = checkpoints.Read(first);
        var expected = seen.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
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
                return Broken(count - 1, entry.Id, $"entry #{entry.Id} was changed after it was written, or written without AdminCenter's audit key");
            }

            if (expected.TryGetValue(entry.Id, out var checkpoint) && !string.Equals(checkpoint.Hash, entry.Hash, StringComparison.Ordinal))
            {
                return Broken(count - 1, entry.Id, $"entry #{entry.Id} is not the one checkpointed at {checkpoint.At:yyyy-MM-dd HH:mm:ss} UTC: the log was rewritten from there");
            }

            previous = entry;
        }

        if (seen.Count > 0 && seen.Max(c => c.Id) is var newest && newest > (previous?.Id ?? 0))
        {
            return Broken(count, (previous?.Id ?? 0) + 1,
                $"entries #{(previous?.Id ?? 0) + 1}–#{newest} were removed from the end (a checkpoint outside the store saw #{newest})");
        }

        if ((head?.LastId ?? 0) != (previous?.Id ?? 0) || !string.Equals(head?.LastHash ?? "", previous?.Hash ?? "", StringComparison.Ordinal))
        {
            return head is { } h && previous is { } p && h.LastId > p.Id
                ? Broken(count, p.Id + 1, $"entries #{p.Id + 1}–#{h.LastId} were removed from the end")
                : Broken(count, previous?.Id ?? 0, "the audit log and its head record disagree: entries were added or removed behind the app's back");
        }

        if (previous is not null && first is not null)
        {
            checkpoints.Record(first, previous.Id, previous.Hash);
        }

        return new AuditVerification(true, count, null,
            $"Intact: {count:N0} entries{(previous is null ? "" : $", the newest #{previous.Id}")}, checked against {seen.Count:N0} checkpoint{(seen.Count == 1 ? "" : "s")} outside the store.", previous?.Hash);
    }

    private static AuditVerification Broken(long intactBefore, long at, string what) =>
        new(false, intactBefore, at, $"Broken: {what}. The {intactBefore:N0} entries before it are intact.", null);

    /// <summary>
    /// HMAC-SHA-256, under the audit key, over every field and the link to the line before, each length-prefixed so no two
    /// lines can collide by shifting text.
    /// </summary>
    public string HashOf(AuditEntryEntity entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microseconds(entry.At).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            entry.Who, entry.Action, entry.Subject ?? "\0", entry.Detail ?? "\0", entry.ClientAddress ?? "\0", entry.Session ?? "\0", entry.PreviousHash,
        })
        {
            text.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(secrets.AuditKey(), Encoding.UTF8.GetBytes(text.ToString())));
    }

    // PostgreSQL keeps microseconds: the hash covers what every store can keep.
    private static DateTime Microseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length];
}

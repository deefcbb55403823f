using System.Globalization;
using System.Linq.Expressions;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Users;

public sealed record UserSearchRow(PortalUser User, int PaymentCount, Verdict? Worst, int CannotJudge);

public sealed record UserSearchPage(UserSearchText Search, IReadOnlyList<UserSearchRow> Rows, int Page, bool HasMore, AspireSide? Aspire, long? DirectUserId, long? DirectPaymentId = null)
{
    public bool IsEmpty => Rows.Count == 0;
}

/// <summary>Finds Portal users by name, email, user name, contract number or payment reference, a page at a time.</summary>
public sealed class UserSearchQuery(IDbContextFactory<PortalDbContext> contexts, IPortalReader portal, PaymentQueries payments, PaymentDiagnostician engine, TimeProvider time)
{
    public const int PageSize = 25;
    public const int MaxPage = 10_000;
    private const int MaxMatchedPayments = 1000;

    public async Task<UserSearchPage> SearchAsync(string? raw, int page, CancellationToken cancellationToken)
    {
        using var screen = Operations.ScreenReads.Start(Operations.ScreenReads.UserSearch);
        var search = UserSearchText.Parse(raw);
        page = Math.Clamp(page, 1, MaxPage);
        if (search.Kind == SearchKind.Empty)
        {
            return new UserSearchPage(search, [], 1, false, null, null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (matches, directUserId, directPaymentId) = await MatchAsync(db, search, cancellationToken);
        var foundIds = await db.InNameOrder(matches, (page - 1) * PageSize, PageSize + 1).ToListAsync(cancellationToken);
        var read = (await portal.ReadUsersAsync(foundIds.Take(PageSize).ToList(), cancellationToken)).ToDictionary(u => u.Id);
        var shown = foundIds.Take(PageSize).Where(read.ContainsKey).Select(id => read[id]).ToList();
        if (shown.Count == 0)
        {
            return new UserSearchPage(search, [], page, false, null, null);
        }

        var rows = await portal.ReadByUsersAsync(shown.Select(u => u.Id).ToList(), cancellationToken);
        var aspire = await payments.ReadAspireAsync(rows.Select(r => r.Reference).OfType<string>().ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var assessed = aspire.Available
            ? PaymentQueries.Lines(rows, aspire.Rows).Select(l => (l.Row.UserId, Assessment: engine.Assess(l.Case, now))).ToList()
            : [];
        var worst = assessed.GroupBy(a => a.UserId).ToDictionary(g => g.Key ?? 0, g => VerdictRanking.Worst(g.Select(a => a.Assessment.Verdict)));
        var cannotJudge = assessed.Where(a => a.Assessment.Verdict is null).GroupBy(a => a.UserId).ToDictionary(g => g.Key ?? 0, g => g.Count());
        var counts = rows.GroupBy(r => r.UserId ?? 0).ToDictionary(g => g.Key, g => g.Count());

        var result = shown.Select(u => new UserSearchRow(u, counts.GetValueOrDefault(u.Id), worst.GetValueOrDefault(u.Id), cannotJudge.GetValueOrDefault(u.Id))).ToList();
        var direct = directUserId is not null && page == 1 && result.Count == 1 && result[0].User.Id == directUserId ? directUserId : null;
        return new UserSearchPage(search, result, page, foundIds.Count > PageSize, aspire, direct, direct is null ? null : directPaymentId);
    }

    /// <summary>The conditions a matching user meets one of (the store's query joins them), and the user a reference or email names outright.</summary>
    internal static async Task<(IReadOnlyList<Expression<Func<PortalUserEntity, bool>>> Matches, long? DirectUserId, long? DirectPaymentId)> MatchAsync(PortalDbContext db, UserSearchText search, CancellationToken cancellationToken)
    {
        var text = search.Text;
        switch (search.Kind)
        {
            case SearchKind.Reference:
            {
                // References are upper case and compared byte for byte: a prefix is an index range.
                var reference = text.ToUpperInvariant();
                var exact = await db.Payments.AsNoTracking().Where(p => p.Reference == reference).OrderBy(p => p.Id).Select(p => new { p.UserId, p.Id }).FirstOrDefaultAsync(cancellationToken);
                if (exact is { } owner)
                {
                    return ([u => u.Id == owner.UserId], owner.UserId, owner.Id);
                }

                var after = UserSearchText.AfterAllStartingWith(reference);
                return (await UsersOfPaymentsAsync(db.Payments.Where(p => p.Reference.CompareTo(reference) >= 0 && p.Reference.CompareTo(after) < 0), cancellationToken), null, null);
            }

            case SearchKind.Contract:
            {
                var pattern = UserSearchText.StartsWith(text);
                return (await UsersOfPaymentsAsync(db.Payments.Where(p => PortalText.MatchesIgnoringCase(p.ContractNumber, pattern)), cancellationToken), null, null);
            }

            case SearchKind.Number:
            {
                // A bare number is a payment reference or the start of a contract number.
                var reference = "CP-" + long.Parse(text, CultureInfo.InvariantCulture).ToString("D9", CultureInfo.InvariantCulture);
                var pattern = UserSearchText.StartsWith(text);
                return (await UsersOfPaymentsAsync(db.Payments.Where(p => p.Reference == reference || PortalText.MatchesIgnoringCase(p.ContractNumber, pattern)), cancellationToken), null, null);
            }

            case SearchKind.Email:
            {
                var pattern = UserSearchText.StartsWith(text);
                var exact = await db.PortalUsers.AsNoTracking().Where(u => PortalText.MatchesIgnoringCase(u.Email, UserSearchText.Exactly(text)))
                    .OrderBy(u => u.Id).Select(u => (long?)u.Id).Take(2).ToListAsync(cancellationToken);
                return ([u => PortalText.MatchesIgnoringCase(u.Email, pattern)], exact.Count == 1 ? exact[0] : null, null);
            }

            default:
            {
                var words = search.Words;
                if (words.Length >= 2)
                {
                    var first = UserSearchText.StartsWith(words[0]);
                    var last = UserSearchText.StartsWith(string.Join(' ', words[1..]));
                    var lastOnly = UserSearchText.StartsWith(words[^1]);
                    var firstRest = UserSearchText.StartsWith(string.Join(' ', words[..^1]));
                    List<Expression<Func<PortalUserEntity, bool>>> names = [u => PortalText.MatchesIgnoringCase(u.FirstName, first) && PortalText.MatchesIgnoringCase(u.LastName, last)];
                    if (words.Length > 2)
                    {
                        names.Add(u => PortalText.MatchesIgnoringCase(u.FirstName, firstRest) && PortalText.MatchesIgnoringCase(u.LastName, lastOnly));
                    }

                    names.Add(u => PortalText.MatchesIgnoringCase(u.LastName, first) && PortalText.MatchesIgnoringCase(u.FirstName, last));
                    return (names, null, null);
                }

                var pattern = UserSearchText.StartsWith(text);
                return ([
                    u => PortalText.MatchesIgnoringCase(u.LastName, pattern),
                    u => PortalText.MatchesIgnoringCase(u.FirstName, pattern),
                    u => PortalText.MatchesIgnoringCase(u.UserName, pattern),
                    u => PortalText.MatchesIgnoringCase(u.Email, pattern)], null, null);
            }
        }
    }

    private static async Task<IReadOnlyList<Expression<Func<PortalUserEntity, bool>>>> UsersOfPaymentsAsync(IQueryable<PortalPaymentEntity> matched, CancellationToken cancellationToken)
    {
        var userIds = await matched.AsNoTracking().OrderBy(p => p.Id).Select(p => p.UserId).Take(MaxMatchedPayments).Distinct().ToListAsync(cancellationToken);
        return [u => userIds.Contains(u.Id)];
    }
}

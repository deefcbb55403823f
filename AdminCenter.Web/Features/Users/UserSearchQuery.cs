using System.Globalization;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Payments;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Users;

public sealed record UserSearchRow(PortalUserSummary User, int PaymentCount, Verdict? Worst);

public sealed record UserSearchPage(UserSearchText Search, IReadOnlyList<UserSearchRow> Rows, int Page, bool HasMore, AspireSide? Aspire, long? DirectUserId)
{
    public bool IsEmpty => Rows.Count == 0;
}

/// <summary>Finds Portal users by name, email, user name, contract number or payment reference, a page at a time.</summary>
public sealed class UserSearchQuery(IDbContextFactory<PortalDbContext> contexts, PaymentQueries payments, VerdictEvaluator evaluator, TimeProvider time)
{
    public const int PageSize = 25;
    private const int MaxMatchedPayments = 1000;
    private const string Escape = "\\";

    public async Task<UserSearchPage> SearchAsync(string? raw, int page, CancellationToken cancellationToken)
    {
        var search = UserSearchText.Parse(raw);
        page = Math.Clamp(page, 1, 10_000);
        if (search.Kind == SearchKind.Empty)
        {
            return new UserSearchPage(search, [], 1, false, null, null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (users, directUserId) = await MatchAsync(db, search, cancellationToken);
        var found = await users
            .OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .AsNoTracking().ToListAsync(cancellationToken);
        var shown = found.Take(PageSize).ToList();
        if (shown.Count == 0)
        {
            return new UserSearchPage(search, [], page, false, null, null);
        }

        var ids = shown.Select(u => u.Id).ToList();
        var userPayments = (await db.Payments.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToListAsync(cancellationToken))
            .Select(p => p.ToDomain()).ToList();
        var aspire = await payments.ReadAspireAsync(userPayments.Select(p => p.Reference).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var worstByUser = aspire.Available
            ? PaymentQueries.CasesFor(userPayments, aspire.Rows)
                .GroupBy(c => c.Payment!.UserId)
                .ToDictionary(g => g.Key, g => VerdictRanking.Worst(g.Select(c => evaluator.Evaluate(c, now).Verdict)))
            : [];
        var counts = userPayments.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Count());

        var rows = shown.Select(u => new UserSearchRow(PortalUserSummary.From(u), counts.GetValueOrDefault(u.Id), worstByUser.GetValueOrDefault(u.Id))).ToList();
        var direct = directUserId is not null && page == 1 && rows.Count == 1 && rows[0].User.Id == directUserId ? directUserId : null;
        return new UserSearchPage(search, rows, page, found.Count > PageSize, aspire, direct);
    }

    private static async Task<(IQueryable<PortalUserEntity> Users, long? DirectUserId)> MatchAsync(PortalDbContext db, UserSearchText search, CancellationToken cancellationToken)
    {
        var text = search.Text;
        switch (search.Kind)
        {
            case SearchKind.Reference:
            {
                // References are upper case; GLOB keeps the prefix search on the reference index.
                var reference = text.ToUpperInvariant();
                var exact = await db.Payments.AsNoTracking().Where(p => p.Reference == reference).Select(p => (long?)p.UserId).FirstOrDefaultAsync(cancellationToken);
                if (exact is { } owner)
                {
                    return (db.PortalUsers.Where(u => u.Id == owner), owner);
                }

                var glob = UserSearchText.GlobStartsWith(reference);
                return (await UsersOfPaymentsAsync(db, db.Payments.Where(p => EF.Functions.Glob(p.Reference, glob)), cancellationToken), null);
            }

            case SearchKind.Contract:
            {
                var pattern = UserSearchText.StartsWith(text);
                return (await UsersOfPaymentsAsync(db, db.Payments.Where(p => EF.Functions.Like(p.ContractNumber, pattern, Escape)), cancellationToken), null);
            }

            case SearchKind.Number:
            {
                // A bare number is a payment reference or the start of a contract number.
                var reference = "CP-" + long.Parse(text, CultureInfo.InvariantCulture).ToString("D9", CultureInfo.InvariantCulture);
                var pattern = UserSearchText.StartsWith(text);
                return (await UsersOfPaymentsAsync(db, db.Payments.Where(p => p.Reference == reference || EF.Functions.Like(p.ContractNumber, pattern, Escape)), cancellationToken), null);
            }

            case SearchKind.Email:
            {
                var exact = await db.PortalUsers.AsNoTracking().Where(u => u.Email == text).Select(u => (long?)u.Id).Take(2).ToListAsync(cancellationToken);
                var pattern = UserSearchText.StartsWith(text);
                return (db.PortalUsers.Where(u => EF.Functions.Like(u.Email, pattern, Escape)), exact.Count == 1 ? exact[0] : null);
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
                    return (db.PortalUsers.Where(u =>
                        (EF.Functions.Like(u.FirstName, first, Escape) && EF.Functions.Like(u.LastName, last, Escape))
                        || (EF.Functions.Like(u.FirstName, firstRest, Escape) && EF.Functions.Like(u.LastName, lastOnly, Escape))
                        || (EF.Functions.Like(u.LastName, first, Escape) && EF.Functions.Like(u.FirstName, last, Escape))), null);
                }

                var pattern = UserSearchText.StartsWith(text);
                return (db.PortalUsers.Where(u =>
                    EF.Functions.Like(u.LastName, pattern, Escape)
                    || EF.Functions.Like(u.FirstName, pattern, Escape)
                    || EF.Functions.Like(u.UserName, pattern, Escape)
                    || EF.Functions.Like(u.Email, pattern, Escape)), null);
            }
        }
    }

    private static async Task<IQueryable<PortalUserEntity>> UsersOfPaymentsAsync(PortalDbContext db, IQueryable<PortalPaymentEntity> matched, CancellationToken cancellationToken)
    {
        var userIds = await matched.AsNoTracking().Select(p => p.UserId).Take(MaxMatchedPayments).Distinct().ToListAsync(cancellationToken);
        return db.PortalUsers.Where(u => userIds.Contains(u.Id));
    }
}

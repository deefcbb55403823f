using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>What the bench command looks up: searches of every kind drawn from real rows, and users with 45-60 payments.</summary>
public sealed record BenchSample(IReadOnlyList<string> Queries, IReadOnlyList<long> FiftyPaymentUsers, long Payments);

/// <summary>Draws <see cref="BenchSample"/> from the configured Portal store at random.</summary>
public sealed class BenchSamples(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<BenchSample> TakeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var paymentCount = await db.Payments.LongCountAsync(cancellationToken);
        var sample = await db.PortalUsers.AsNoTracking().OrderBy(u => EF.Functions.Random()).Take(200).ToListAsync(cancellationToken);
        var samplePayments = await db.Payments.AsNoTracking().OrderBy(p => EF.Functions.Random()).Take(200)
            .Select(p => new { p.Reference, p.ContractNumber }).ToListAsync(cancellationToken);
        var queries = sample.SelectMany((u, i) => new[]
            {
                u.LastName[..Math.Min(4, u.LastName.Length)],
                u.Email,
                u.UserName[..Math.Min(6, u.UserName.Length)],
                $"{u.FirstName} {u.LastName}",
                samplePayments[i % samplePayments.Count].ContractNumber,
                samplePayments[i % samplePayments.Count].Reference,
            })
            .ToList();
        var fiftyPaymentUsers = await db.Payments.AsNoTracking().GroupBy(p => p.UserId)
            .Where(g => g.Count() >= 45 && g.Count() <= 60).Select(g => g.Key).OrderBy(k => k).Take(200).ToListAsync(cancellationToken);
        return new BenchSample(queries, fiftyPaymentUsers, paymentCount);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>
/// The Customer Portal's tables: users, payments, status history, sync runs. Someone else's data, read-only in production;
/// created (and migrated) only when the demo set makes it. One derived type per provider carries that provider's migrations.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<PortalUserEntity> PortalUsers => Set<PortalUserEntity>();
    public DbSet<PortalPaymentEntity> Payments => Set<PortalPaymentEntity>();
    public DbSet<PaymentStatusChangeEntity> StatusChanges => Set<PaymentStatusChangeEntity>();
    public DbSet<SyncRunEntity> SyncRuns => Set<SyncRunEntity>();

    /// <summary>One UTC rule for both providers: every DateTime is written as UTC and read back with Kind Utc.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        Stores.UtcDateTimeConverter.Apply(configurationBuilder);
    }

    /// <summary>Users in name order (last name, first name, id), for a page of search results.</summary>
    public virtual IOrderedQueryable<PortalUserEntity> InNameOrder(IQueryable<PortalUserEntity> users) =>
        users.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.Id);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PortalUserEntity>(u =>
        {
            u.ToTable("PortalUsers");
            u.Property(x => x.UserName).HasMaxLength(100);
            u.Property(x => x.Email).HasMaxLength(254);
            u.Property(x => x.FirstName).HasMaxLength(100);
            u.Property(x => x.LastName).HasMaxLength(100);
            u.HasIndex(x => x.Email);
            u.HasIndex(x => x.UserName);
            u.HasIndex(x => new { x.LastName, x.FirstName });
            u.HasIndex(x => new { x.FirstName, x.LastName });
            u.HasIndex(x => x.AspireCustomerId);
        });

        modelBuilder.Entity<PortalPaymentEntity>(p =>
        {
            p.ToTable("PortalPayments");
            p.Property(x => x.Reference).HasMaxLength(40);
            p.Property(x => x.ContractNumber).HasMaxLength(40);
            p.Property(x => x.BankAccountLast4).HasMaxLength(4);
            p.Property(x => x.Amount).HasPrecision(18, 2);
            p.HasIndex(x => x.Reference).IsUnique();
            p.HasIndex(x => x.ContractNumber);
            p.HasIndex(x => new { x.UserId, x.CreatedAt }).IsDescending(false, true);
            p.HasIndex(x => new { x.Status, x.CreatedAt });
            p.HasIndex(x => x.CreatedAt);
            // Passes over changes find updated payments by this index instead of reading every row.
            p.HasIndex(x => x.UpdatedAt);
            p.HasOne<PortalUserEntity>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<PaymentStatusChangeEntity>(h =>
        {
            h.ToTable("PaymentStatusChanges");
            h.Property(x => x.Source).HasMaxLength(20);
            h.HasIndex(x => new { x.PaymentId, x.ChangedAt });
            h.HasOne<PortalPaymentEntity>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SyncRunEntity>(s =>
        {
            s.ToTable("SyncRuns");
            s.Property(x => x.Error).HasMaxLength(2000);
            s.HasIndex(x => x.StartedAt);
            s.HasIndex(x => new { x.Succeeded, x.StartedAt });
        });
    }
}

/// <summary>The Portal on SQLite (migrations in Migrations/Sqlite): names and emails compare case-insensitively, references byte for byte.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    public const string NoCase = "NOCASE";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<PortalUserEntity>(u =>
        {
            u.Property(x => x.UserName).UseCollation(NoCase);
            u.Property(x => x.Email).UseCollation(NoCase);
            u.Property(x => x.FirstName).UseCollation(NoCase);
            u.Property(x => x.LastName).UseCollation(NoCase);
        });
        modelBuilder.Entity<PortalPaymentEntity>().Property(x => x.ContractNumber).UseCollation(NoCase);

        // SQLite's LIKE ignores ASCII case and, on a NOCASE column, can use its index for a prefix.
        modelBuilder.HasDbFunction(typeof(PortalText).GetMethod(nameof(PortalText.MatchesIgnoringCase))!)
            .HasTranslation(args => new LikeExpression(args[0], args[1], new SqlConstantExpression("\\", args[1].TypeMapping), new BoolTypeMapping("INTEGER")));
    }
}

/// <summary>
/// The Portal on PostgreSQL (migrations in Migrations/PostgreSql): references compare byte for byte (collation "C"),
/// names and emails ignore case through lower(…) LIKE, which the migration's expression indexes serve.
/// </summary>
public sealed class NpgsqlPortalDbContext(DbContextOptions<NpgsqlPortalDbContext> options) : PortalDbContext(options)
{
    public const string ByteOrder = "C";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<PortalPaymentEntity>().Property(x => x.Reference).UseCollation(ByteOrder);
        modelBuilder.HasDbFunction(typeof(PortalText).GetMethod(nameof(PortalText.MatchesIgnoringCase))!)
            .HasTranslation(args => new LikeExpression(Lower(args[0]), Lower(args[1]), new SqlConstantExpression("\\", args[1].TypeMapping), new BoolTypeMapping("boolean")));
    }

    /// <summary>
    /// The same order, sorted after matching: given ORDER BY on the indexed columns, PostgreSQL walks the name index from
    /// the start filtering every row (a prefix far down the alphabet read 32,000 rows for a page); || '' keeps it to the
    /// matches found through the lower(…) indexes.
    /// </summary>
    public override IOrderedQueryable<PortalUserEntity> InNameOrder(IQueryable<PortalUserEntity> users) =>
        users.OrderBy(u => u.LastName + "").ThenBy(u => u.FirstName).ThenBy(u => u.Id);

    private static SqlFunctionExpression Lower(SqlExpression text) =>
        new("lower", [text], nullable: true, argumentsPropagateNullability: [true], typeof(string), text.TypeMapping);

    /// <summary>The expression indexes lower(…) LIKE 'prefix%' uses (text_pattern_ops: a prefix is a range whatever the collation).</summary>
    public static IReadOnlyList<(string Table, string Column)> LowerIndexes { get; } =
    [
        ("PortalUsers", "Email"), ("PortalUsers", "UserName"), ("PortalUsers", "FirstName"), ("PortalUsers", "LastName"),
        ("PortalPayments", "ContractNumber"),
    ];
}

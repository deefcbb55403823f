using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// The AdminCenter store, ours alone: staff accounts, sessions, the audit log, escalations, stored verdicts,
/// reconciliation runs and the Data Protection keys every instance shares. One derived type per provider carries that
/// provider's migrations.
/// </summary>
public abstract class AdminCenterDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>One UTC rule for both providers: every DateTime is written as UTC and read back with Kind Utc.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        Stores.UtcDateTimeConverter.Apply(configurationBuilder);
    }

    public DbSet<PaymentVerdictEntity> Verdicts => Set<PaymentVerdictEntity>();
    public DbSet<ReconciliationRunEntity> ReconciliationRuns => Set<ReconciliationRunEntity>();
    public DbSet<EscalationEntity> Escalations => Set<EscalationEntity>();
    public DbSet<EscalationPaymentEntity> EscalationPayments => Set<EscalationPaymentEntity>();
    public DbSet<EscalationEventEntity> EscalationEvents => Set<EscalationEventEntity>();
    public DbSet<AuditEntryEntity> AuditLog => Set<AuditEntryEntity>();
    public DbSet<AuditHeadEntity> AuditHead => Set<AuditHeadEntity>();
    public DbSet<StaffSessionEntity> StaffSessions => Set<StaffSessionEntity>();
    public DbSet<AlertStateEntity> AlertStates => Set<AlertStateEntity>();
    public DbSet<DemoWorldEntity> DemoWorlds => Set<DemoWorldEntity>();
    public DbSet<AlertEntity> Alerts => Set<AlertEntity>();
    public DbSet<AlertDeliveryEntity> AlertDeliveries => Set<AlertDeliveryEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AuditEntryEntity>(a =>
        {
            a.ToTable("AuditLog");
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.PreviousHash).HasMaxLength(64);
            a.Property(x => x.Hash).HasMaxLength(64);
            a.Property(x => x.Who).HasMaxLength(254);
            a.Property(x => x.Action).HasMaxLength(60);
            a.Property(x => x.Subject).HasMaxLength(200);
            a.Property(x => x.Detail).HasMaxLength(2000);
            a.Property(x => x.ClientAddress).HasMaxLength(64);
            a.Property(x => x.Session).HasMaxLength(64);
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.Who, x.At });
            a.HasIndex(x => new { x.Action, x.At });
        });

        modelBuilder.Entity<AuditHeadEntity>(h =>
        {
            h.ToTable("AuditHead");
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.LastHash).HasMaxLength(64);
        });

        modelBuilder.Entity<StaffSessionEntity>(s =>
        {
            s.ToTable("StaffSessions");
            s.Property(x => x.Id).HasMaxLength(64);
            s.Property(x => x.UserId).HasMaxLength(450);
            s.Property(x => x.UserName).HasMaxLength(256);
            s.Property(x => x.EndReason).HasMaxLength(40);
            s.HasIndex(x => new { x.UserId, x.EndedAt });
        });

        modelBuilder.Entity<DemoWorldEntity>(d =>
        {
            d.ToTable("DemoWorlds");
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.PortalStore).HasMaxLength(1000);
            d.Property(x => x.AspireStore).HasMaxLength(1000);
        });

        modelBuilder.Entity<AlertStateEntity>(a =>
        {
            a.ToTable("AlertStates");
            a.HasKey(x => x.Kind);
            a.Property(x => x.Kind).HasMaxLength(20);
            a.Property(x => x.State).HasMaxLength(20);
        });

        modelBuilder.Entity<AlertEntity>(a =>
        {
            a.ToTable("Alerts");
            a.Property(x => x.Kind).HasMaxLength(20);
            a.Property(x => x.State).HasMaxLength(20);
            a.Property(x => x.PreviousState).HasMaxLength(20);
            a.Property(x => x.Summary).HasMaxLength(500);
            a.Property(x => x.WebhookResult).HasMaxLength(500);
            a.Property(x => x.EmailResult).HasMaxLength(500);
            a.Property(x => x.Payload).HasMaxLength(4000);
            a.HasIndex(x => x.At);
        });

        modelBuilder.Entity<AlertDeliveryEntity>(d =>
        {
            d.ToTable("AlertDeliveries");
            d.Property(x => x.Channel).HasMaxLength(100);
            d.Property(x => x.Kind).HasMaxLength(20);
            d.Property(x => x.Status).HasMaxLength(12);
            d.Property(x => x.LastResult).HasMaxLength(500);
            d.HasIndex(x => new { x.Status, x.NextAttemptAt });
            d.HasIndex(x => new { x.Channel, x.Kind, x.AlertId });
            d.HasIndex(x => x.AlertId);
        });

        modelBuilder.Entity<PaymentVerdictEntity>(v =>
        {
            v.ToTable("PaymentVerdicts");
            v.HasKey(x => x.Reference);
            v.Property(x => x.Reference).HasMaxLength(200);
            v.Property(x => x.MismatchedFields).HasMaxLength(100);
            v.Property(x => x.Problem).HasMaxLength(2000);
            v.HasIndex(x => x.PaymentId);
            v.HasIndex(x => x.UserId);
            v.HasIndex(x => new { x.NeedsAttention, x.Deadline });
            v.HasIndex(x => x.RunId);
            v.HasIndex(x => x.Deadline);
            v.HasIndex(x => x.PaymentCreatedAt);
            // A pass over changes looks for settled payments that have left the lookback: two short ranges of this index.
            v.HasIndex(x => new { x.PortalStatus, x.PaymentCreatedAt });
        });

        modelBuilder.Entity<ReconciliationRunEntity>(r =>
        {
            r.ToTable("ReconciliationRuns");
            r.Property(x => x.Error).HasMaxLength(2000);
            r.Property(x => x.FindingCounts).HasMaxLength(2000);
            r.Property(x => x.Instance).HasMaxLength(100);
            r.HasIndex(x => x.StartedAt);
            r.HasIndex(x => new { x.Succeeded, x.Kind, x.StartedAt });
        });

        modelBuilder.Entity<EscalationEntity>(e =>
        {
            e.ToTable("Escalations");
            // A change of state is written only over the state it was decided from: two people (or instances) never both move it.
            e.Property(x => x.State).IsConcurrencyToken();
            e.Property(x => x.CreatedBy).HasMaxLength(254);
            e.Property(x => x.SentBy).HasMaxLength(254);
            e.Property(x => x.ResolvedBy).HasMaxLength(254);
            e.Property(x => x.LtiTicketNumber).HasMaxLength(40);
            e.Property(x => x.ResolutionNote).HasMaxLength(2000);
            e.Property(x => x.SyncStatusAtCreation).HasMaxLength(20);
            e.HasIndex(x => new { x.State, x.CreatedAt });
            e.HasIndex(x => x.LtiTicketNumber);
            e.HasMany(x => x.Payments).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<EscalationPaymentEntity>(p =>
        {
            p.ToTable("EscalationPayments");
            p.Property(x => x.Reference).HasMaxLength(200);
            // The store, not only the screen, keeps a payment in at most one open escalation (the filter is the provider's).
            p.HasIndex(x => x.Reference).IsUnique().HasDatabaseName(OpenReferenceIndex);
            p.HasIndex(x => x.EscalationId);
            p.HasIndex(x => x.PortalUserId);
        });

        modelBuilder.Entity<EscalationEventEntity>(h =>
        {
            h.ToTable("EscalationEvents");
            h.Property(x => x.Who).HasMaxLength(254);
            h.Property(x => x.What).HasMaxLength(2000);
            h.HasIndex(x => new { x.EscalationId, x.At });
        });
    }

    public const string OpenReferenceIndex = "UX_EscalationPayments_OpenReference";
}

/// <summary>The AdminCenter store on SQLite (migrations in Migrations/Sqlite).</summary>
public sealed class SqliteAdminCenterDbContext(DbContextOptions<SqliteAdminCenterDbContext> options) : AdminCenterDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<EscalationPaymentEntity>().HasIndex(x => x.Reference).HasFilter("IsOpen = 1");
    }
}

/// <summary>The AdminCenter store on PostgreSQL (migrations in Migrations/PostgreSql): instants as timestamptz.</summary>
public sealed class NpgsqlAdminCenterDbContext(DbContextOptions<NpgsqlAdminCenterDbContext> options) : AdminCenterDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<EscalationPaymentEntity>().HasIndex(x => x.Reference).HasFilter("\"IsOpen\"");
        // Byte order, as the Portal and ASPIRE streams give references: a full pass reads the stored verdicts in the
        // primary key's order beside them.
        modelBuilder.Entity<PaymentVerdictEntity>().Property(x => x.Reference).UseCollation("C");
    }
}

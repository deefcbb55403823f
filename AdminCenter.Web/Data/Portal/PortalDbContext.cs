using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Data.Portal;

/// <summary>The Portal store and AdminCenter's own tables (escalations, audit log, staff sign-in).</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public const string NoCase = "NOCASE";

    public DbSet<PortalUserEntity> PortalUsers => Set<PortalUserEntity>();
    public DbSet<PortalPaymentEntity> Payments => Set<PortalPaymentEntity>();
    public DbSet<PaymentStatusChangeEntity> StatusChanges => Set<PaymentStatusChangeEntity>();
    public DbSet<SyncRunEntity> SyncRuns => Set<SyncRunEntity>();
    public DbSet<PaymentVerdictEntity> Verdicts => Set<PaymentVerdictEntity>();
    public DbSet<ReconciliationRunEntity> ReconciliationRuns => Set<ReconciliationRunEntity>();
    public DbSet<EscalationEntity> Escalations => Set<EscalationEntity>();
    public DbSet<EscalationPaymentEntity> EscalationPayments => Set<EscalationPaymentEntity>();
    public DbSet<EscalationEventEntity> EscalationEvents => Set<EscalationEventEntity>();
    public DbSet<AuditEntryEntity> AuditLog => Set<AuditEntryEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AuditEntryEntity>(a =>
        {
            a.ToTable("AuditLog");
            a.Property(x => x.Who).HasMaxLength(254);
            a.Property(x => x.Action).HasMaxLength(60);
            a.Property(x => x.Subject).HasMaxLength(200);
            a.Property(x => x.Detail).HasMaxLength(2000);
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.Who, x.At });
            a.HasIndex(x => new { x.Action, x.At });
        });

        modelBuilder.Entity<PortalUserEntity>(u =>
        {
            u.ToTable("PortalUsers");
            u.Property(x => x.UserName).HasMaxLength(100).UseCollation(NoCase);
            u.Property(x => x.Email).HasMaxLength(254).UseCollation(NoCase);
            u.Property(x => x.FirstName).HasMaxLength(100).UseCollation(NoCase);
            u.Property(x => x.LastName).HasMaxLength(100).UseCollation(NoCase);
            u.HasIndex(x => x.Email);
            u.HasIndex(x => x.UserName);
            u.HasIndex(x => new { x.LastName, x.FirstName });
            u.HasIndex(x => new { x.FirstName, x.LastName });
            u.HasIndex(x => x.AspireCustomerId);
        });

        modelBuilder.Entity<PortalPaymentEntity>(p =>
        {
            p.ToTable("PortalPayments");
            // Binary, like ASPIRE's PaymentReference, so both sides sort alike for reconciliation's merge.
            p.Property(x => x.Reference).HasMaxLength(40);
            p.Property(x => x.ContractNumber).HasMaxLength(40).UseCollation(NoCase);
            p.Property(x => x.BankAccountLast4).HasMaxLength(4);
            p.Property(x => x.Amount).HasPrecision(18, 2);
            p.HasIndex(x => x.Reference).IsUnique();
            p.HasIndex(x => x.ContractNumber);
            p.HasIndex(x => new { x.UserId, x.CreatedAt }).IsDescending(false, true);
            p.HasIndex(x => new { x.Status, x.CreatedAt });
            p.HasIndex(x => x.CreatedAt);
            p.HasOne<PortalUserEntity>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<PaymentStatusChangeEntity>(h =>
        {
            h.ToTable("PaymentStatusChanges");
            h.Property(x => x.Source).HasMaxLength(20);
            h.HasIndex(x => new { x.PaymentId, x.ChangedAt });
            h.HasOne<PortalPaymentEntity>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PaymentVerdictEntity>(v =>
        {
            v.ToTable("PaymentVerdicts");
            v.HasKey(x => x.Reference);
            v.Property(x => x.Reference).HasMaxLength(40);
            v.HasIndex(x => x.PaymentId);
            v.HasIndex(x => new { x.NeedsAttention, x.Deadline });
            v.HasIndex(x => x.RunId);
        });

        modelBuilder.Entity<ReconciliationRunEntity>(r =>
        {
            r.ToTable("ReconciliationRuns");
            r.Property(x => x.Error).HasMaxLength(2000);
            r.HasIndex(x => x.StartedAt);
        });

        modelBuilder.Entity<EscalationEntity>(e =>
        {
            e.ToTable("Escalations");
            e.Property(x => x.CreatedBy).HasMaxLength(254);
            e.Property(x => x.SentBy).HasMaxLength(254);
            e.Property(x => x.ResolvedBy).HasMaxLength(254);
            e.Property(x => x.LtiTicketNumber).HasMaxLength(40);
            e.Property(x => x.ResolutionNote).HasMaxLength(2000);
            e.Property(x => x.SyncStatusAtCreation).HasMaxLength(20);
            e.HasIndex(x => new { x.State, x.CreatedAt });
            e.HasMany(x => x.Payments).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<EscalationPaymentEntity>(p =>
        {
            p.ToTable("EscalationPayments");
            p.Property(x => x.Reference).HasMaxLength(40);
            // The store, not only the screen, keeps a payment in at most one open escalation.
            p.HasIndex(x => x.Reference).IsUnique().HasFilter("IsOpen = 1").HasDatabaseName("UX_EscalationPayments_OpenReference");
            p.HasIndex(x => x.EscalationId);
        });

        modelBuilder.Entity<EscalationEventEntity>(h =>
        {
            h.ToTable("EscalationEvents");
            h.Property(x => x.Who).HasMaxLength(254);
            h.Property(x => x.What).HasMaxLength(2000);
            h.HasIndex(x => new { x.EscalationId, x.At });
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

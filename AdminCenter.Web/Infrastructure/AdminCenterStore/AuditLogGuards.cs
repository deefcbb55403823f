using System.Data.Common;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// At every start: the triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the audit log are there
/// and enabled. Dropped or disabled behind the app's back, they are put back (and a warning logged); when the app's role
/// may not do that (it does not own the table, as it should not), the start stops and says who must.
/// </summary>
public static class AuditLogGuards
{
    public const string SqliteNoUpdate = "CREATE TRIGGER IF NOT EXISTS AuditLog_NoUpdate BEFORE UPDATE ON AuditLog BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";
    public const string SqliteNoDelete = "CREATE TRIGGER IF NOT EXISTS AuditLog_NoDelete BEFORE DELETE ON AuditLog BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

    /// <summary>What the migration creates on PostgreSQL: the refusing function, its two triggers, and no UPDATE, DELETE or TRUNCATE for anyone but the owner.</summary>
    public const string PostgreSqlCreate = """
        CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER "AuditLog_NoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
        CREATE TRIGGER "AuditLog_NoTruncate" BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
        REVOKE UPDATE, DELETE, TRUNCATE ON "AuditLog" FROM PUBLIC;
        """;

    public const string PostgreSqlDrop = """
        DROP TRIGGER IF EXISTS "AuditLog_NoUpdateOrDelete" ON "AuditLog";
        DROP TRIGGER IF EXISTS "AuditLog_NoTruncate" ON "AuditLog";
        DROP FUNCTION IF EXISTS audit_log_refuse_change();
        """;

    private const string PostgreSqlRestore = """
        CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
        END $$;
        DROP TRIGGER IF EXISTS "AuditLog_NoUpdateOrDelete" ON "AuditLog";
        DROP TRIGGER IF EXISTS "AuditLog_NoTruncate" ON "AuditLog";
        CREATE TRIGGER "AuditLog_NoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
        CREATE TRIGGER "AuditLog_NoTruncate" BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
        """;

    public static async Task EnsureAsync(AdminCenterDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        if (db.Database.IsSqlite())
        {
            var present = await CountAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('AuditLog_NoUpdate', 'AuditLog_NoDelete')", cancellationToken);
            if (present < 2)
            {
                await db.Database.ExecuteSqlRawAsync(SqliteNoUpdate, cancellationToken);
                await db.Database.ExecuteSqlRawAsync(SqliteNoDelete, cancellationToken);
                logger.LogWarning("The audit log's append-only triggers were missing from the AdminCenter store and were put back.");
            }

            return;
        }

        var enabled = await CountAsync(db,
            "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = 'AuditLog' AND c.relnamespace = current_schema()::regnamespace " +
            "AND t.tgname IN ('AuditLog_NoUpdateOrDelete', 'AuditLog_NoTruncate') AND t.tgenabled <> 'D'", cancellationToken);
        if (enabled == 2)
        {
            return;
        }

        try
        {
            await db.Database.ExecuteSqlRawAsync(PostgreSqlRestore, cancellationToken);
            logger.LogWarning("The audit log's append-only triggers were missing or disabled in the AdminCenter store and were put back.");
        }
        catch (DbException ex)
        {
            throw new DatabaseStartupException(
                "The audit log's append-only triggers are missing or disabled in the AdminCenter store, and this role may not put them back " +
                $"({ex.Message}). The role that owns the AdminCenter tables must re-enable them (ALTER TABLE \"AuditLog\" ENABLE TRIGGER USER) before AdminCenter starts.", ex);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL.")]
    private static async Task<long> CountAsync(AdminCenterDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

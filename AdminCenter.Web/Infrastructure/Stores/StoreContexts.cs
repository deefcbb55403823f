using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>Creates each store's context type for the configured provider: one context per operation, options built once.</summary>
public sealed class StoreContextFactory<TContext>(Func<TContext> create) : IDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext() => create();
}

public static class StoreContexts
{
    public static IDbContextFactory<AdminCenterDbContext> AdminCenter(StoreConnections stores, ILoggerFactory? logs = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return stores.Provider switch
        {
            DatabaseProvider.Sqlite => Factory<AdminCenterDbContext, SqliteAdminCenterDbContext>(
                o => o.UseSqlite(stores.AdminCenter), o => new SqliteAdminCenterDbContext(o), logs),
            _ => Factory<AdminCenterDbContext, NpgsqlAdminCenterDbContext>(
                o => o.UseNpgsql(stores.AdminCenter), o => new NpgsqlAdminCenterDbContext(o), logs),
        };
    }

    public static IDbContextFactory<PortalDbContext> Portal(StoreConnections stores, ILoggerFactory? logs = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return stores.Provider switch
        {
            DatabaseProvider.Sqlite => Factory<PortalDbContext, SqlitePortalDbContext>(
                o => o.UseSqlite(stores.Portal), o => new SqlitePortalDbContext(o), logs),
            _ => Factory<PortalDbContext, NpgsqlPortalDbContext>(
                o => o.UseNpgsql(stores.Portal), o => new NpgsqlPortalDbContext(o), logs),
        };
    }

    /// <summary>Options for a context; the warnings EF gives for queries that could return rows in any order stop the query.</summary>
    public static DbContextOptions<TContext> Options<TContext>(Action<DbContextOptionsBuilder<TContext>> configure, ILoggerFactory? logs = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new DbContextOptionsBuilder<TContext>();
        configure(builder);
        builder.ConfigureWarnings(w => w.Throw(
            CoreEventId.RowLimitingOperationWithoutOrderByWarning,
            CoreEventId.FirstWithoutOrderByAndFilterWarning,
            CoreEventId.DistinctAfterOrderByWithoutRowLimitingOperatorWarning,
            RelationalEventId.MultipleCollectionIncludeWarning));
        if (logs is not null)
        {
            builder.UseLoggerFactory(logs);
        }

        return builder.Options;
    }

    private static StoreContextFactory<TBase> Factory<TBase, TDerived>(
        Action<DbContextOptionsBuilder<TDerived>> configure, Func<DbContextOptions<TDerived>, TDerived> create, ILoggerFactory? logs)
        where TBase : DbContext
        where TDerived : TBase
    {
        var options = Options(configure, logs);
        return new StoreContextFactory<TBase>(() => create(options));
    }
}

/// <summary>Lets `dotnet ef migrations add … --context SqliteAdminCenterDbContext` build the context without the app.</summary>
public sealed class SqliteAdminCenterDesignFactory : IDesignTimeDbContextFactory<SqliteAdminCenterDbContext>
{
    public SqliteAdminCenterDbContext CreateDbContext(string[] args) =>
        new(StoreContexts.Options<SqliteAdminCenterDbContext>(o => o.UseSqlite("Data Source=design-admincenter.db")));
}

/// <summary>Lets `dotnet ef migrations add … --context SqlitePortalDbContext` build the context without the app.</summary>
public sealed class SqlitePortalDesignFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=design-portal.db")));
}

/// <summary>Lets `dotnet ef migrations add … --context NpgsqlAdminCenterDbContext` build the context without a server.</summary>
public sealed class NpgsqlAdminCenterDesignFactory : IDesignTimeDbContextFactory<NpgsqlAdminCenterDbContext>
{
    public NpgsqlAdminCenterDbContext CreateDbContext(string[] args) =>
        new(StoreContexts.Options<NpgsqlAdminCenterDbContext>(o => o.UseNpgsql("Host=localhost;Database=admincenter_design")));
}

/// <summary>Lets `dotnet ef migrations add … --context NpgsqlPortalDbContext` build the context without a server.</summary>
public sealed class NpgsqlPortalDesignFactory : IDesignTimeDbContextFactory<NpgsqlPortalDbContext>
{
    public NpgsqlPortalDbContext CreateDbContext(string[] args) =>
        new(StoreContexts.Options<NpgsqlPortalDbContext>(o => o.UseNpgsql("Host=localhost;Database=portal_design")));
}

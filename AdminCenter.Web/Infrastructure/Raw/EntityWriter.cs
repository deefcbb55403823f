using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// A prepared INSERT (or INSERT … ON CONFLICT (key) DO UPDATE) for one entity type, for the paths that write many rows:
/// the verdict per payment, the demo set. Table, columns and value conversions all come from the EF model (SQLite and
/// PostgreSQL both speak this form); an upsert column may be given its own update expression.
/// </summary>
public sealed class EntityWriter<TEntity> : IAsyncDisposable, IDisposable
    where TEntity : class
{
    private readonly DbCommand command;
    private readonly (IProperty Property, DbParameter Parameter, Func<object?, object?> ToProvider)[] bindings;

    private EntityWriter(DbCommand command, (IProperty, DbParameter, Func<object?, object?>)[] bindings)
    {
        this.command = command;
        this.bindings = bindings;
    }

    public string Sql => command.CommandText;

    /// <summary>Provider values of <typeparamref name="TEntity"/>'s columns, in <see cref="Columns"/> order (for a COPY).</summary>
    public IReadOnlyList<string> Columns { get; private init; } = [];

    /// <summary>An INSERT into the entity's table, or into <paramref name="intoTable"/> (a staging table with the same columns).</summary>
    public static EntityWriter<TEntity> PrepareInsert(IModel model, DbConnection connection, DbTransaction? transaction, string? intoTable = null) =>
        Prepare(model, connection, transaction, upsert: false, null, intoTable, null);

    /// <summary>An upsert; with <paramref name="updateWhere"/>, a conflicting row is updated only where it holds (else left as it is).</summary>
    public static EntityWriter<TEntity> PrepareUpsert(IModel model, DbConnection connection, DbTransaction? transaction, IReadOnlyDictionary<string, string>? updateExpressions = null, string? updateWhere = null) =>
        Prepare(model, connection, transaction, upsert: true, updateExpressions, null, updateWhere);

    /// <summary>The entity's columns as the model names them, in the order <see cref="Values"/> gives them.</summary>
    public static IReadOnlyList<string> ColumnNames(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entity = model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return entity.GetProperties().Select(p => p.GetColumnName(table)!).ToList();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Identifiers come from the EF model; values are parameters.")]
    private static EntityWriter<TEntity> Prepare(IModel model, DbConnection connection, DbTransaction? transaction, bool upsert, IReadOnlyDictionary<string, string>? updateExpressions, string? intoTable, string? updateWhere)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(connection);
        var entity = model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(table)!).ToHashSet();
        var command = connection.CreateCommand();
        command.Transaction = transaction;

        var columns = properties.Select(p => p.GetColumnName(table)!).ToList();
        var updates = properties.Where(p => !keys.Contains(p.GetColumnName(table)!)).Select(p =>
        {
            var column = p.GetColumnName(table)!;
            return $"{Quote(column)} = {updateExpressions?.GetValueOrDefault(p.Name) ?? "excluded." + Quote(column)}";
        });
        command.CommandText =
            $"INSERT INTO {Quote(intoTable ?? entity.GetTableName()!)} ({string.Join(", ", columns.Select(Quote))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})" +
            (upsert ? $" ON CONFLICT ({string.Join(", ", keys.Select(Quote))}) DO UPDATE SET {string.Join(", ", updates)}" : "") +
            (upsert && updateWhere is not null ? $" WHERE {updateWhere}" : "");

        var bindings = properties.Select((p, i) =>
        {
            var mapping = (RelationalTypeMapping)p.GetTypeMapping();
            var parameter = mapping.CreateParameter(command, "@p" + i, null, p.IsNullable);
            command.Parameters.Add(parameter);
            var converter = mapping.Converter;
            Func<object?, object?> toProvider = converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
            return (p, parameter, toProvider);
        }).ToArray();
        command.Prepare();
        return new EntityWriter<TEntity>(command, bindings) { Columns = columns };
    }

    /// <summary>Writes one row; the answer is the rows the store changed (0 for an upsert whose condition did not hold).</summary>
    public Task<int> ExecuteAsync(TEntity entity, CancellationToken cancellationToken)
    {
        Bind(entity);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Writes every row; where the provider sends many commands in one round trip (PostgreSQL), as one batch. The answer is
    /// the rows the store changed.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The prepared command's own text.")]
    public async Task<int> ExecuteAllAsync(IEnumerable<TEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var connection = command.Connection!;
        if (!connection.CanCreateBatch || bindings.Any(b => b.Parameter is not ICloneable))
        {
            var changed = 0;
            foreach (var entity in entities)
            {
                changed += await ExecuteAsync(entity, cancellationToken);
            }

            return changed;
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = command.Transaction;
        foreach (var entity in entities)
        {
            Bind(entity);
            var one = batch.CreateBatchCommand();
            one.CommandText = command.CommandText;
            foreach (var (_, parameter, _) in bindings)
            {
                one.Parameters.Add(((ICloneable)parameter).Clone());
            }

            batch.BatchCommands.Add(one);
        }

        if (batch.BatchCommands.Count == 0)
        {
            return 0;
        }

        // The same text as the prepared command: the store plans it once, not once per row.
        await batch.PrepareAsync(cancellationToken);
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Execute(TEntity entity)
    {
        Bind(entity);
        command.ExecuteNonQuery();
    }

    /// <summary>The entity's values as the store keeps them (value conversions applied), in <see cref="Columns"/> order.</summary>
    public object?[] Values(TEntity entity) =>
        bindings.Select(b => b.ToProvider(b.Property.GetGetter().GetClrValueUsingContainingEntity(entity))).ToArray();

    /// <summary>Writes from now on in this transaction (a long write committed in batches moves to the next one).</summary>
    public void UseTransaction(DbTransaction? transaction) => command.Transaction = transaction;

    public ValueTask DisposeAsync() => command.DisposeAsync();

    public void Dispose() => command.Dispose();

    private void Bind(TEntity entity)
    {
        foreach (var (property, parameter, toProvider) in bindings)
        {
            parameter.Value = toProvider(property.GetGetter().GetClrValueUsingContainingEntity(entity)) ?? DBNull.Value;
        }
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

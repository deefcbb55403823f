using System.Runtime.InteropServices;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// SQLite's step and column functions on plain handles, from the same e_sqlite3 library SQLitePCL loads. The reconciliation
/// streams make tens of millions of these calls; through SQLitePCL each one takes and releases a SafeHandle and makes a
/// full GC transition, which cost more than the calls (measured: a third of reconcile's CPU with the connection mutex).
/// The column functions only read the current row, so they run without a GC transition.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    public static partial int ColumnType(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long ColumnInt64(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double")]
    [SuppressGCTransition]
    public static partial double ColumnDouble(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    private static partial byte* ColumnBlob(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int ColumnBytes(IntPtr statement, int column);

    /// <summary>The bytes of a TEXT or BLOB value, valid until the statement moves on.</summary>
    public static ReadOnlySpan<byte> ColumnSpan(IntPtr statement, int column)
    {
        var bytes = ColumnBlob(statement, column);
        return bytes is null ? [] : new ReadOnlySpan<byte>(bytes, ColumnBytes(statement, column));
    }
}

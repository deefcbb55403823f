using System.Runtime.InteropServices;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// SQLite's step and column functions on plain handles, from the same e_sqlite3 library SQLitePCL loads. The reconciliation
/// streams make tens of millions of these calls; through SQLitePCL each one takes and releases a SafeHandle and makes a
/// full GC transition, which cost more than the calls (measured: a third of reconcile's CPU with the connection mutex).
/// The column and number-binding functions neither block nor call back, so they run without a GC transition.
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

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    public static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    public static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    public static partial int BindDouble(IntPtr statement, int index, double value);

    // SQLite copies the text (SQLITE_TRANSIENT): the buffer is free again when the call returns.
    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    private static partial int BindText(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

    private static readonly IntPtr Transient = new(-1);
    private static readonly byte[] Empty = [0];

    /// <summary>Binds UTF-8 text (never NULL: an empty text is bound as empty).</summary>
    public static int BindUtf8(IntPtr statement, int index, ReadOnlySpan<byte> text)
    {
        fixed (byte* bytes = text.IsEmpty ? Empty : text)
        {
            return BindText(statement, index, bytes, text.Length, Transient);
        }
    }

    /// <summary>The bytes of a TEXT or BLOB value, valid until the statement moves on.</summary>
    public static ReadOnlySpan<byte> ColumnSpan(IntPtr statement, int column)
    {
        var bytes = ColumnBlob(statement, column);
        return bytes is null ? [] : new ReadOnlySpan<byte>(bytes, ColumnBytes(statement, column));
    }
}

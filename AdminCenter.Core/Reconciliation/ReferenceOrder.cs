namespace AdminCenter.Core.Reconciliation;

/// <summary>
/// The order both stores stream payment references in: ordinal over UTF-8 bytes, which is what SQLite's BINARY collation
/// and PostgreSQL's COLLATE "C" give. For .NET strings that is code-point order, which differs from ordinal UTF-16 order
/// only where a character above U+FFFF meets one in U+E000–U+FFFF.
/// </summary>
public sealed class ReferenceOrder : IComparer<string>
{
    public static ReferenceOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        var at = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        if (at == length)
        {
            return x.Length.CompareTo(y.Length);
        }

        var a = x[at];
        var b = y[at];
        var aSurrogate = char.IsSurrogate(a);
        var bSurrogate = char.IsSurrogate(b);
        if (aSurrogate == bSurrogate)
        {
            return a.CompareTo(b);
        }

        // A surrogate stands for a code point above U+FFFF: after every character of the Basic Multilingual Plane.
        return aSurrogate ? 1 : -1;
    }
}

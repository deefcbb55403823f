using System.Globalization;

namespace AdminCenter.Core;

public static class Money
{
    private static readonly CultureInfo Dollars = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"$1,234.50", whatever the server's culture.</summary>
    public static string Format(decimal amount) => amount.ToString("C2", Dollars);
}

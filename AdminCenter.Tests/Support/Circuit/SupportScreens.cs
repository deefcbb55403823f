namespace AdminCenter.Tests.Support.Circuit;

/// <summary>The support screens' parts in a circuit client's document, found by the marks the browser tests use.</summary>
public static class SupportScreens
{
    /// <summary>The search page's field.</summary>
    public static CircuitDocument.Element? SearchField(CircuitDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Elements(e => e["id"] == "user-search").FirstOrDefault();
    }

    /// <summary>The links to each listed user's View Payments, in the list's order.</summary>
    public static IEnumerable<string> UserLinks(CircuitDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Elements(e => e["data-testid"] == "user-results").SelectMany(CircuitDocument.Links).Where(h => h.StartsWith("/users/", StringComparison.Ordinal));
    }

    /// <summary>Whether View Payments shows its rows with ASPIRE's side read.</summary>
    public static bool PaymentsRead(CircuitDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Elements(e => e["data-testid"] == "payments-table" && e["data-aspire"] == "read")
            .Any(t => CircuitDocument.Descendants(t).OfType<CircuitDocument.Element>().Any(r => r["data-testid"] == "payment-row"));
    }
}

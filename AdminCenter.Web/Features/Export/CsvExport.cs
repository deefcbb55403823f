using CsvHelper;

namespace AdminCenter.Web.Features.Export;

/// <summary>
/// The one way AdminCenter writes CSV (evidence packs, `reconcile`): CsvHelper, RFC 4180, and any cell that a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) written with a leading apostrophe, as OWASP recommends.
/// </summary>
public static class CsvExport
{
    public static CsvWriterOptions WriterOptions { get; } = new() { Injection = CsvInjection.Escape };

    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(output, WriterOptions, leaveOpen: true);
        csv.WriteHeader([.. header]);
        foreach (var row in rows)
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell);
            }

            csv.EndRecord();
        }
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(text, header, rows);
        return text.ToString();
    }

    /// <summary>Reads a CSV written here back into its header and rows (for round trips and tests).</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Read(string text)
    {
        using var csv = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default, leaveOpen: false);
        var rows = new List<IReadOnlyList<string>>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList());
        }

        return (csv.Headers.ToList(), rows);
    }
}

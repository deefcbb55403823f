namespace AdminCenter.Core.Diagnosis;

/// <summary>Orders verdicts by how much they need a person: critical, then stuck, then warnings, then waiting, then fine.</summary>
public static class VerdictRanking
{
    public static int Rank(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict switch
        {
            { Severity: Severity.Critical } => 5,
            { Stuck: true } => 4,
            { Severity: Severity.Warning } => 3,
            { Finding: Finding.WithinUpdateWindow } => 2,
            { Finding: Finding.InSync } => 0,
            _ => 1,
        };
    }

    public static Verdict? Worst(IEnumerable<Verdict?> verdicts) =>
        verdicts.OfType<Verdict>().OrderByDescending(Rank).ThenBy(v => v.Deadline ?? DateTimeOffset.MaxValue).FirstOrDefault();
}

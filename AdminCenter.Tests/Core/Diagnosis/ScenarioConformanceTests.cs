using System.Globalization;
using System.Text.Json;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Core.Diagnosis;

/// <summary>Runs every scenario file under Scenarios/ (recursively) against the engine; a new file is a new case.</summary>
public sealed class ScenarioConformanceTests
{
    private static readonly string ScenarioRoot = Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static TheoryData<string> ScenarioFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ScenarioRoot, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ScenarioRoot, file));
        }

        return data;
    }

    /// <summary>"hash  name" lines: the shared scenarios as copied from ../shared/scenarios (refresh: cd ../shared/scenarios &amp;&amp; sha256sum *.json).</summary>
    private static Dictionary<string, string> Pinned() => File.ReadAllLines(Path.Combine(ScenarioRoot, "shared-scenarios.sha256"))
        .Where(l => l.Length > 0)
        .Select(l => l.Split("  ", 2))
        .ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Every_shared_scenario_is_here_byte_for_byte()
    {
        var pinned = Pinned();
        var here = Directory.EnumerateFiles(ScenarioRoot, "*.json").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(24, pinned.Count);
        Assert.Equal(pinned.Keys.Order(StringComparer.Ordinal), here.Order(StringComparer.Ordinal));
        Assert.All(pinned, p => Assert.True(Sha256(Path.Combine(ScenarioRoot, p.Key)) == p.Value, $"{p.Key} differs from the shared copy"));
    }

    [Fact]
    public void The_pin_names_what_the_shared_folder_holds_when_it_is_beside_the_repository()
    {
        var shared = Path.Combine(RepositoryRoot.Path, "..", "shared", "scenarios");
        var pinned = Pinned();
        if (!Directory.Exists(shared))
        {
            // A lone clone: the pin above is the contract; it was taken from the shared folder.
            Assert.NotEmpty(pinned);
            return;
        }

        var there = Directory.EnumerateFiles(shared, "*.json").ToDictionary(f => Path.GetFileName(f), Sha256, StringComparer.Ordinal);
        Assert.Equal(there.OrderBy(p => p.Key, StringComparer.Ordinal), pinned.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void Scenario_verdict_matches_expected(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScenarioRoot, file)));
        var root = doc.RootElement;
        var settingsJson = root.GetProperty("settings");
        var settings = new DiagnosisSettings(
            settingsJson.GetProperty("updateWindowMinutes").GetInt32(),
            settingsJson.GetProperty("aspireTimeZone").GetString()!);
        var now = ParseUtc(root.GetProperty("now"))!.Value;

        var records = root.GetProperty("aspireRecords").EnumerateArray().Select(ParseRecord).ToList();
        var batches = root.GetProperty("eftBatches").EnumerateArray().Select(ParseBatch).ToList();
        var paymentJson = root.GetProperty("portalPayment");
        var input = paymentJson.ValueKind == JsonValueKind.Null
            ? PaymentCase.Orphan(records, batches)
            : PaymentCase.For(ParsePayment(paymentJson), records, batches);

        var verdict = new PaymentDiagnostician(settings).Diagnose(input, now);

        var expected = root.GetProperty("expected");
        foreach (var field in expected.EnumerateObject())
        {
            var (want, got) = field.Name switch
            {
                "finding" => (field.Value.GetString(), verdict.Finding.ToString()),
                "severity" => (field.Value.GetString(), verdict.Severity.ToString()),
                "stuck" => (field.Value.GetBoolean().ToString(), verdict.Stuck.ToString()),
                "expectedStatus" => (field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetString(), verdict.ExpectedStatus?.ToString()),
                "deadline" => (ParseUtc(field.Value)?.ToString("O", CultureInfo.InvariantCulture), verdict.Deadline?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
                "step" => (field.Value.GetString(), verdict.Step.ToString()),
                "mismatchedFields" => (string.Join(",", field.Value.EnumerateArray().Select(e => e.GetString())), string.Join(",", verdict.MismatchedFields)),
                _ => throw new InvalidOperationException($"{file}: unknown expected field '{field.Name}'"),
            };
            Assert.True(want == got, $"{file}: field '{field.Name}' expected <{want ?? "null"}> but the engine gave <{got ?? "null"}>");
        }
    }

    private static DateTimeOffset? ParseUtc(JsonElement e) => e.ValueKind == JsonValueKind.Null
        ? null
        : DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    private static DateTime ParseLocal(JsonElement e) =>
        DateTime.ParseExact(e.GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(JsonElement e) => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static PortalPayment ParsePayment(JsonElement p) => new()
    {
        Id = p.GetProperty("id").GetInt64(),
        Reference = p.GetProperty("reference").GetString()!,
        ContractNumber = p.GetProperty("contractNumber").GetString()!,
        Amount = p.GetProperty("amount").GetDecimal(),
        PaymentDate = ParseDate(p.GetProperty("paymentDate")),
        Status = Enum.Parse<PortalPaymentStatus>(p.GetProperty("status").GetString()!),
        CreatedAt = ParseUtc(p.GetProperty("createdAt"))!.Value,
        UpdatedAt = ParseUtc(p.GetProperty("updatedAt"))!.Value,
        CancelRequestedAt = p.TryGetProperty("cancelRequestedAt", out var c) ? ParseUtc(c) : null,
    };

    private static AlternateEftRecord ParseRecord(JsonElement r) => new()
    {
        AlternateEftId = r.GetProperty("alternateEftId").GetInt64(),
        PaymentReference = r.GetProperty("paymentReference").GetString(),
        ContractNumber = r.GetProperty("contractNumber").GetString()!,
        Amount = r.GetProperty("amount").GetDecimal(),
        DueDate = ParseDate(r.GetProperty("dueDate")),
        SecCode = r.GetProperty("secCode").GetString()!,
        Payments = r.GetProperty("payments").GetInt32(),
        PaymentsProcessed = r.GetProperty("paymentsProcessed").GetInt32(),
        EftBatchId = r.GetProperty("eftBatchId").ValueKind == JsonValueKind.Null ? null : r.GetProperty("eftBatchId").GetInt64(),
        CreatedAt = ParseLocal(r.GetProperty("createdAt")),
        ModifiedAt = ParseLocal(r.GetProperty("modifiedAt")),
    };

    private static EftBatch ParseBatch(JsonElement b) => new()
    {
        EftBatchId = b.GetProperty("eftBatchId").GetInt64(),
        DueDateBegin = ParseDate(b.GetProperty("dueDateBegin")),
        DueDateEnd = ParseDate(b.GetProperty("dueDateEnd")),
        GeneratedAt = ParseLocal(b.GetProperty("generatedAt")),
        PostedAt = b.GetProperty("postedAt").ValueKind == JsonValueKind.Null ? null : ParseLocal(b.GetProperty("postedAt")),
    };
}

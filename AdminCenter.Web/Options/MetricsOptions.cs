using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Options;

/// <summary>"AdminCenter:Metrics": Prometheus metrics at /metrics, on or off, and which addresses may read them.</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Addresses or networks (CIDR) allowed to read /metrics; none given: this machine only (127.0.0.0/8 and ::1).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    private IEnumerable<string> Effective => AllowedNetworks.Count > 0 ? AllowedNetworks : ["127.0.0.0/8", "::1/128"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(n => !NetworkText.TryParse(n, out _)))
        {
            yield return new ValidationResult(NetworkText.Problem($"{Section}:AllowedNetworks", network));
        }
    }

    public bool Allows(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return Effective.Any(n => NetworkText.TryParse(n, out var network) && network.Contains(address));
    }
}

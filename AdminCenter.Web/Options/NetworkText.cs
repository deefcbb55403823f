using System.Net;

namespace AdminCenter.Web.Options;

/// <summary>A network as configured: CIDR (10.0.0.0/8) or a single address (10.0.0.5, read as 10.0.0.5/32; ::1 as ::1/128).</summary>
public static class NetworkText
{
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        var trimmed = text?.Trim() ?? "";
        if (IPNetwork.TryParse(trimmed, out network))
        {
            return true;
        }

        if (!trimmed.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    public static string Problem(string key, string value) =>
        $"{key}: '{value}' is neither an IP address (e.g. 10.0.0.5) nor a network in CIDR form (e.g. 10.0.0.0/8).";
}

using AdminCenter.Core;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Options;

/// <summary>Checks what data annotations cannot: that the time zone ids name real zones.</summary>
public sealed class AdminCenterOptionsValidator : IValidateOptions<AdminCenterOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminCenterOptions options)
    {
        var failures = new List<string>();
        Check(options.AspireTimeZone, "AdminCenter:AspireTimeZone", failures);
        Check(options.DisplayTimeZone, "AdminCenter:DisplayTimeZone", failures);
        if (options.DemoData.Payments < options.DemoData.Users)
        {
            failures.Add("AdminCenter:DemoData:Payments must be at least AdminCenter:DemoData:Users.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string? zoneId, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            return; // [Required] reports it
        }

        try
        {
            TimeZones.Find(zoneId, key);
        }
        catch (ArgumentException ex)
        {
            failures.Add(ex.Message);
        }
    }
}
